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
{{- if eq .Values.controller.proxy "haproxy" }}
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
