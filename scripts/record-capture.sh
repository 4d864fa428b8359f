#!/usr/bin/env bash
# record-capture.sh OUT_DIR: record a labelled Keelwatch capture from a Docker engine (about 55 s).
#
# Talks to the engine in $DOCKER_HOST; when DOCKER_HOST is unset it uses the sandbox of
# scripts/dockerd-sandbox.sh (default directory) and refuses to fall back to any other engine.
# Needs the image busybox:local (the sandbox imports it). Writes to OUT_DIR:
#   events.jsonl    docker events --format '{{json .}}' for the whole capture
#   stats.jsonl     docker stats --no-stream --format '{{json .}}' about every 2 s (this capture's containers only)
#   inventory.json  docker inspect web db pool client
#   labels.tsv      start_ns end_ns scenario kind expect, one row per scenario (client-side clock)
#   dockerd.log     the daemon's debug log of the capture window, when the log file is known
#                   ($KEELWATCH_DOCKERD_LOG, set by `dockerd-sandbox.sh env`)
#   appnet.pcap     tcpdump of the appnet bridge, when tcpdump is installed and we are root
# Everything the script creates (containers, the appnet network) is removed at the end, also on Ctrl-C or error.
# It only creates, execs into, inspects, probes and removes its own containers; in-container traffic goes
# only to its own containers' addresses on appnet (addresses, not names: no DNS look-ups).
#
# Knobs: DOCKER (CLI, default /usr/bin/docker when present), KEELWATCH_CPU_SECONDS (cpu-hog length, 12),
# KEELWATCH_PCAP_MAX_PACKETS (20000).
set -euo pipefail

PROG=$(basename "$0")
HERE=$(cd "$(dirname "$0")" && pwd)
die() { echo "$PROG: $*" >&2; exit 1; }
say() { echo "$PROG: $*" >&2; }

[ $# -eq 1 ] || { echo "usage: $PROG OUT_DIR" >&2; exit 2; }
OUT=$1
CPU_SECONDS=${KEELWATCH_CPU_SECONDS:-12}
PCAP_MAX=${KEELWATCH_PCAP_MAX_PACKETS:-20000}
IMAGE=busybox:local
NET=appnet
SCAN_PORTS="20 21 22 23 25 53 80 110 143 443 445 3306 3333 5432 6379 8080 8443 9200 27017"

if [ -z "${DOCKER:-}" ]; then
  if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
fi
if [ -z "${DOCKER_HOST:-}" ]; then
  eval "$("$HERE/dockerd-sandbox.sh" env)"
  "$HERE/dockerd-sandbox.sh" status >/dev/null 2>&1 \
    || die "DOCKER_HOST is unset and the sandbox is not running: run scripts/dockerd-sandbox.sh start first"
fi
export DOCKER_HOST
dk() { "$DOCKER" "$@"; }
quiet() { "$DOCKER" "$@" >/dev/null 2>&1; }

timeout 15 "$DOCKER" version >/dev/null 2>&1 || die "no Docker engine answers at $DOCKER_HOST"
quiet image inspect "$IMAGE" || die "image $IMAGE is missing (scripts/dockerd-sandbox.sh start imports it)"

# ------------------------------------------------------------------ refuse to touch anything that is not ours
NAMES=(web db pool client scanner egress cpuhog priv hostroot docksock hostpid nolog)
for i in $(seq 1 8); do NAMES+=("ci-job-$i"); done
for n in "${NAMES[@]}"; do
  if quiet container inspect "$n"; then
    die "a container named '$n' already exists on this engine; remove it or use a dedicated engine (scripts/dockerd-sandbox.sh)"
  fi
done
quiet network inspect "$NET" && die "a network named '$NET' already exists on this engine"
others=$(dk ps -q | wc -l)
[ "$others" -eq 0 ] || say "warning: $others other container(s) run on this engine; their events will be in events.jsonl"

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
rm -f "$OUT"/{events.jsonl,stats.jsonl,inventory.json,labels.tsv,dockerd.log,appnet.pcap}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/keelwatch-capture.XXXXXX")
PATTERNS=$WORK/ours.pat        # stats lines to keep: "Name":"x" / "ID":"<12 hex>" of our containers
: >"$PATTERNS"
CREATED=()                     # names and ids of containers we created
NET_CREATED=
EVENTS_PID='' STATS_PID='' TCPDUMP_PID=''
LOG_FILE=${KEELWATCH_DOCKERD_LOG:-}
if [ -z "$LOG_FILE" ]; then   # DOCKER_HOST set by hand: is it the default sandbox?
  sandbox_env=$("$HERE/dockerd-sandbox.sh" env)
  case "$sandbox_env" in
    *"DOCKER_HOST=$DOCKER_HOST"$'\n'*) LOG_FILE=$(eval "$sandbox_env"; echo "$KEELWATCH_DOCKERD_LOG") ;;
  esac
fi
[ -n "$LOG_FILE" ] || say "KEELWATCH_DOCKERD_LOG is unset: no dockerd.log (set it to the daemon's log file)"
LOG_START=0
if [ -n "$LOG_FILE" ] && [ -r "$LOG_FILE" ]; then LOG_START=$(stat -c %s "$LOG_FILE"); fi

ours_name() { CREATED+=("$1"); printf '"Name":"%s"\n' "$1" >>"$PATTERNS"; }
ours_id() { CREATED+=("$1"); printf '"ID":"%s"\n' "${1:0:12}" >>"$PATTERNS"; }

stop_pid() {
  # stop_pid PID: TERM one of our background helpers and wait for it
  local p=$1 n=0
  [ -n "$p" ] || return 0
  kill -TERM "$p" 2>/dev/null || return 0
  while kill -0 "$p" 2>/dev/null && [ $n -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
  kill -KILL "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}

cleanup() {
  local rc=$? c
  trap - EXIT INT TERM
  set +e
  [ $rc -eq 0 ] || say "failed or interrupted (exit $rc); cleaning up"
  if [ -n "$STATS_PID" ]; then      # let the sampler finish its current sample
    touch "$WORK/stop"
    for _ in $(seq 1 40); do kill -0 "$STATS_PID" 2>/dev/null || break; sleep 0.1; done
    stop_pid "$STATS_PID"
  fi
  [ -n "$TCPDUMP_PID" ] && stop_pid "$TCPDUMP_PID"
  if [ ${#CREATED[@]} -gt 0 ]; then  # remove those of ours that still exist (names and ids)
    existing=" $(dk ps -a --no-trunc --format '{{.ID}} {{.Names}}' 2>/dev/null | tr '\n' ' ') "
    for c in "${CREATED[@]}"; do
      case "$existing" in *" $c "*) quiet rm -f "$c" ;; esac
    done
  fi
  [ -n "$NET_CREATED" ] && quiet network rm "$NET"
  sleep 1
  [ -n "$EVENTS_PID" ] && stop_pid "$EVENTS_PID"
  if [ -n "$LOG_FILE" ] && [ -r "$LOG_FILE" ]; then
    local end
    end=$(stat -c %s "$LOG_FILE")
    if [ "$end" -ge "$LOG_START" ]; then
      tail -c +$((LOG_START + 1)) "$LOG_FILE" | head -c $((end - LOG_START)) >"$OUT/dockerd.log"
    fi
  fi
  rm -rf "$WORK"
  if [ $rc -eq 0 ]; then
    say "capture written to $OUT:"
    ls -l "$OUT" >&2
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now() { date +%s%N; }
LABEL_START=
begin() { LABEL_START=$(now); say "scenario $1"; }
end() {  # end SCENARIO KIND EXPECT
  printf '%s\t%s\t%s\t%s\t%s\n' "$LABEL_START" "$(now)" "$1" "$2" "$3" >>"$OUT/labels.tsv"
  sleep 0.3
}
ip_of() { dk inspect --format "{{(index .NetworkSettings.Networks \"$NET\").IPAddress}}" "$1"; }

# ------------------------------------------------------------------ collectors
"$DOCKER" events --format '{{json .}}' >"$OUT/events.jsonl" 2>"$WORK/events.err" &
EVENTS_PID=$!
sleep 0.5
kill -0 "$EVENTS_PID" 2>/dev/null || die "docker events failed: $(cat "$WORK/events.err")"

(
  while [ ! -e "$WORK/stop" ]; do
    "$DOCKER" stats --no-stream --format '{{json .}}' 2>/dev/null | grep -F -f "$PATTERNS" >>"$OUT/stats.jsonl" || true
    sleep 0.5
  done
) &
STATS_PID=$!

printf 'start_ns\tend_ns\tscenario\tkind\texpect\n' >"$OUT/labels.tsv"

# ------------------------------------------------------------------ the application on appnet
quiet network create "$NET"
NET_CREATED=1
if command -v tcpdump >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  netid=$(dk network inspect --format '{{.Id}}' "$NET")
  iface=$(dk network inspect --format '{{index .Options "com.docker.network.bridge.name"}}' "$NET")
  [ -n "$iface" ] || iface=br-${netid:0:12}
  # bounded: at most PCAP_MAX packets, and it is stopped at the end
  tcpdump -Z root -i "$iface" -n -U -c "$PCAP_MAX" -w "$OUT/appnet.pcap" 2>"$WORK/tcpdump.err" &
  TCPDUMP_PID=$!
  sleep 0.5
  kill -0 "$TCPDUMP_PID" 2>/dev/null || { say "tcpdump on $iface failed: $(cat "$WORK/tcpdump.err")"; TCPDUMP_PID=; }
else
  say "tcpdump not available (or not root): no appnet.pcap"
fi

ours_name web;  quiet run -d --name web  --network "$NET" --label app=web  "$IMAGE" httpd -f -p 8080
ours_name db;   quiet run -d --name db   --network "$NET" --label app=db   "$IMAGE" httpd -f -p 5432
ours_name pool; quiet run -d --name pool --network "$NET" --label app=pool "$IMAGE" httpd -f -p 3333
WEB_IP=$(ip_of web); DB_IP=$(ip_of db); POOL_IP=$(ip_of pool)
[ -n "$WEB_IP" ] && [ -n "$DB_IP" ] && [ -n "$POOL_IP" ] || die "could not read the addresses on $NET"
ours_name client
quiet run -d --name client --network "$NET" --label app=client "$IMAGE" \
  sh -c "while true; do echo GET | nc -w1 $DB_IP 5432 >/dev/null; sleep 1; done"
dk inspect web db pool client >"$OUT/inventory.json"
sleep 1

# ------------------------------------------------------------------ scenarios
begin benign-ci-churn
for i in $(seq 1 8); do
  ours_name "ci-job-$i"
  quiet run --rm --name "ci-job-$i" --label ci=true "$IMAGE" true
done
end benign-ci-churn benign none

begin benign-app-traffic
sleep 5
end benign-app-traffic benign none

begin benign-healthcheck-exec
for i in 1 2 3; do quiet exec web true; done
end benign-healthcheck-exec benign none

begin benign-single-inspect
quiet inspect web
quiet ps --filter "network=$NET"
end benign-single-inspect benign none

begin ephemeral-burst
burst=() pids=()
for i in $(seq 1 12); do        # all at once, as a burst
  "$DOCKER" run -d --rm "$IMAGE" sleep 2 >"$WORK/burst.$i" 2>/dev/null &
  pids+=($!)
done
wait_ok=0
for p in "${pids[@]}"; do wait "$p" || wait_ok=1; done
for i in $(seq 1 12); do
  id=$(tr -dc '0-9a-f' <"$WORK/burst.$i")
  [ -n "$id" ] || continue
  ours_id "$id"
  burst+=("$id")
done
[ ${#burst[@]} -gt 0 ] || die "no container of the burst started"
[ $wait_ok -eq 0 ] || say "note: $((12 - ${#burst[@]})) container(s) of the burst failed to start"
for _ in $(seq 1 30); do          # until the burst has removed itself (at most ~15 s)
  left=0
  for id in "${burst[@]}"; do quiet container inspect "$id" && left=$((left + 1)); done
  [ $left -eq 0 ] && break
  sleep 0.5
done
end ephemeral-burst malicious T1610/T1584.004

begin recon-exec
quiet exec web netstat -tuln || true
quiet exec web ps || true
quiet exec web uname -a || true
quiet exec web id || true
quiet exec web cat /etc/passwd || true
quiet exec web ifconfig || true
quiet exec web cat /proc/1/cgroup || true
quiet exec web mount || true
end recon-exec malicious T1609/T1613/T1592/T1082/T1049/T1057/T1016/T1033

begin inspect-enumeration
for c in web db pool client; do quiet inspect --format '{{.HostConfig.PortBindings}}' "$c"; done
quiet info
quiet version
end inspect-enumeration malicious T1613/T1592

begin privileged-or-host-mount
# the runtime may refuse --privileged (it does in an unprivileged sandbox); the create request is logged anyway
ours_name priv;     quiet run --rm --name priv --privileged "$IMAGE" true || true
ours_name hostroot; quiet run --rm --name hostroot -v /:/host "$IMAGE" ls /host || true
sock=${DOCKER_HOST#unix://}
[ -S "$sock" ] || sock=/var/run/docker.sock     # a TCP DOCKER_HOST: the conventional path
if [ -S "$sock" ]; then
  ours_name docksock; quiet run --rm --name docksock -v "$sock:/var/run/docker.sock" "$IMAGE" ls -l /var/run/docker.sock || true
else
  say "no Docker socket file to mount here: skipping the socket mount"
fi
ours_name hostpid;  quiet run --rm --name hostpid --pid host "$IMAGE" ps || true
end privileged-or-host-mount malicious T1610/T1611/T1592

begin logging-disabled
ours_name nolog
quiet run --rm --name nolog --log-driver none "$IMAGE" sh -c 'echo nothing to see; sleep 1' || true
end logging-disabled malicious T1562/T1584.004

begin package-install-in-container
quiet exec web apk add curl || true         # busybox has no apk: the exec is created, then fails to start
end package-install-in-container malicious T1105/T1609/T1584.004

begin port-scan-from-container
ours_name scanner
# busybox nc has no -z: an nc with stdin from /dev/null is a connect probe
quiet run --rm --name scanner --network "$NET" "$IMAGE" sh -c "for p in $SCAN_PORTS; do \
nc -w1 $WEB_IP \$p </dev/null >/dev/null 2>&1; nc -w1 $DB_IP \$p </dev/null >/dev/null 2>&1; done; true" || true
end port-scan-from-container malicious T1046/T1592

begin cpu-hog-ephemeral
ours_name cpuhog
# not `timeout` as the container's PID 1: PID 1 ignores the SIGTERM that busybox timeout sends
quiet run --rm --name cpuhog "$IMAGE" sh -c "timeout $CPU_SECONDS sh -c 'while :; do :; done'; true" || true
end cpu-hog-ephemeral malicious T1496/T1584.004

begin unexpected-egress-port-3333
ours_name egress
quiet run --rm --name egress --network "$NET" "$IMAGE" sh -c "echo GET | nc -w2 $POOL_IP 3333 >/dev/null" || true
quiet exec db sh -c "echo GET | nc -w2 $POOL_IP 3333 >/dev/null" || true
end unexpected-egress-port-3333 malicious T1496/T1571/T1071/T1584.004

say "scenarios done; removing what the capture created"
