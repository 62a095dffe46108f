#!/usr/bin/env bash
# The wsaudit demo: the whole loop on this machine (embedded API server stand-in, real nginx configured by an
# ingress-nginx model, Undertow and Tomcat with the agent, the operator). Needs Java 17+ and nginx.
# ./demo.sh [--scenario http10|connection|idle|polyglot|all]: the failures to show (default all: the first three, one
# after another; polyglot, a Python backend with no agent fixed from nginx's logs, needs python3-websockets).
set -euo pipefail
cd "$(dirname "$0")"

nginx_bin() {
  for b in /usr/sbin/nginx /usr/bin/nginx /usr/local/sbin/nginx /usr/local/nginx/sbin/nginx; do
    [ -x "$b" ] && { echo "$b"; return 0; }
  done
  command -v nginx 2>/dev/null || return 1
}

if ! nginx_bin >/dev/null; then
  if [ "$(id -u)" = "0" ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
    echo "nginx is missing; running as root on a Debian-like system, so installing it now: apt-get install -y nginx"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq nginx >/dev/null
    # The package starts a system nginx on port 80; the demo runs its own on a free 127.0.0.1 port.
    if command -v systemctl >/dev/null 2>&1; then systemctl stop nginx >/dev/null 2>&1 || true; fi
    if command -v service >/dev/null 2>&1; then service nginx stop >/dev/null 2>&1 || true; fi
  else
    echo "nginx is missing. Install it, then run ./demo.sh again:"
    echo "  Debian/Ubuntu: sudo apt-get install -y nginx     Fedora/RHEL: sudo dnf install -y nginx     macOS: brew install nginx"
    echo "(run as root on a Debian-like system, ./demo.sh installs it itself)"
    exit 2
  fi
fi

if ! command -v java >/dev/null 2>&1; then
  echo "java is missing: install a JDK 17 or newer (e.g. sudo apt-get install -y openjdk-17-jdk-headless)"
  exit 2
fi

echo "building the agent, the operator and the demo (the first run downloads Maven and the dependencies) ..."
./mvnw -B -q -pl e2e -am package -DskipTests

# exec: Ctrl-C reaches the demo's JVM directly, whose shutdown hook stops nginx, the apps and the operator.
exec java -Dwsaudit.agent.jar=agent/target/wsaudit-agent.jar \
  -cp "e2e/target/classes:$(cat e2e/target/classpath.txt)" io.wsaudit.e2e.demo.Demo "$@"
