{{/* Chart name, truncated to the 63 characters a label value allows. */}}
{{- define "wsaudit.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every resource name. */}}
{{- define "wsaudit.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "wsaudit.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "wsaudit.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "wsaudit.selectorLabels" -}}
app.kubernetes.io/name: {{ include "wsaudit.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "wsaudit.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "wsaudit.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* "true" when the operator takes a Lease: asked for, or needed because more than one replica runs. */}}
{{- define "wsaudit.leaderElection" -}}
{{- if or .Values.leaderElection.enabled (gt (int .Values.replicas) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{/*
The namespaced rights, granted cluster-wide by a ClusterRole (watchNamespaces empty) or by a Role in each watched
namespace. Each rule is a request the operator makes; HelmRbacCoverageTest holds them against the requests the real
operator sends to a mock API server.
*/}}
{{- define "wsaudit.namespacedRules" -}}
# The policies: JOSDK's informer lists and watches them; the finalizer (which undoes patches when a policy is deleted)
# is added and removed with a patch of the policy itself, and when that patch meets a conflict JOSDK reads the policy
# again (get) before retrying.
- apiGroups: ["wsaudit.io"]
  resources: ["websocketauditpolicies"]
  verbs: ["get", "list", "watch", "patch"]
# The policies' findings and remediations: written with a patch of the status subresource, never of the spec.
- apiGroups: ["wsaudit.io"]
  resources: ["websocketauditpolicies/status"]
  verbs: ["patch"]
# Ingresses: an informer (list, watch) for correlation; get and list from the API server during a rollback, so a
# patch made moments ago is not missed; patch for the one annotation a policy in Enforce mode fixes, and for its
# rollback. Never create, update or delete: wsaudit changes annotations of existing Ingresses only.
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["get", "list", "watch", "patch"]
# Pods: informer cache only, to map a span's k8s.pod.name or pod IP to a Pod.
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
# EndpointSlices: informer cache only, to map a Pod to the Services that select it (kubernetes.io/service-name).
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["list", "watch"]
{{- if has "haproxy" (splitList "," (include "wsaudit.proxyList" .)) }}
# Services: informer cache only, for HAProxy, whose controller reads timeout-server from a Service's annotations
# before the Ingress's (the operator never writes a Service).
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch"]
{{- end }}
# Events on Ingresses and policies (findings, patches, rollbacks): deterministic names, so an Event is read (get),
# created the first time and patched to increment its count on a repeat.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["get", "create", "patch"]
{{- end }}

{{/*
controller.proxy as WSAUDIT_PROXY takes it: a comma list (the value may be a string or a list).
*/}}
{{- define "wsaudit.proxyList" -}}
{{- $p := .Values.controller.proxy | default "ingress-nginx" -}}
{{- if kindIs "slice" $p }}{{ join "," $p }}{{ else }}{{ $p }}{{ end -}}
{{- end }}

{{/*
Rules for the Gateway API proxies named in controller.proxy, and only for them. Cluster-wide: the operator watches
HTTPRoutes, Gateways and the policies in every namespace (a route may attach to a Gateway elsewhere).
*/}}
{{- define "wsaudit.gatewayRules" -}}
{{- $proxies := splitList "," (include "wsaudit.proxyList" .) }}
{{- $envoy := has "envoy-gateway" $proxies }}
{{- $ngf := has "nginx-gateway-fabric" $proxies }}
{{- if or $envoy $ngf }}
# HTTPRoutes, Gateways, GatewayClasses: informer caches only, to route a pod's connections to its HTTPRoute rule and
# the rule to the controller serving it (GatewayClass spec.controllerName).
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["httproutes", "gateways", "gatewayclasses"]
  verbs: ["list", "watch"]
{{- end }}
{{- if $envoy }}
# Envoy Gateway: BackendTrafficPolicies are read into a cache (list, watch) for the effective stream idle timeout;
# wsaudit creates its own (labelled app.kubernetes.io/managed-by: wsaudit), reads one before patching or rolling it
# back (get), patches its own, and deletes what it created when the policy that made it is deleted (list finds them).
- apiGroups: ["gateway.envoyproxy.io"]
  resources: ["backendtrafficpolicies"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
# ClientTrafficPolicies: read only, for the listener-wide limit, which wsaudit reports and never changes.
- apiGroups: ["gateway.envoyproxy.io"]
  resources: ["clienttrafficpolicies"]
  verbs: ["list", "watch"]
{{- end }}
{{- if $ngf }}
# NGINX Gateway Fabric: ProxySettingsPolicies, read into a cache for the effective proxy timeouts; wsaudit's own are
# created, read, patched and deleted as for Envoy Gateway above.
- apiGroups: ["gateway.nginx.org"]
  resources: ["proxysettingspolicies"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
{{- end }}
{{- end }}
