#!/usr/bin/env bash
# dockerd-sandbox.sh: a private Docker engine for recording Keelwatch captures and for tests.
#
#   scripts/dockerd-sandbox.sh start  [DIR]   start (or reuse) the sandbox daemon, import busybox:local once
#   scripts/dockerd-sandbox.sh stop   [DIR]   stop it and its containerd, unmount what it left, keep the data
#   scripts/dockerd-sandbox.sh status [DIR]   say whether it runs (exit 0 running, 3 stopped)
#   scripts/dockerd-sandbox.sh env    [DIR]   print `export DOCKER_HOST=unix://...` lines for eval
#   scripts/dockerd-sandbox.sh purge  [DIR]   stop, then delete DIR entirely
#
# DIR defaults to $KEELWATCH_DOCKERD_DIR, else ${TMPDIR:-/tmp}/keelwatch-dockerd. Inside it:
#   data/ (--data-root), run/ (--exec-root), dockerd.pid, dockerd.log (debug level), docker.sock (API socket),
#   rootfs/ (the busybox tree imported as busybox:local).
# Unix socket paths are limited to ~108 bytes (containerd's socket lives under the exec root), so when DIR is
# long the socket and the exec root go to /tmp/kwd-<hash of DIR>/ instead; `env` always prints the right one.
#
# The daemon runs with vfs storage, no iptables, no default bridge and without touching the host's
# ip_forward sysctl; it uses its own containerd namespace so that it never collides with a system Docker.
# Packages (docker.io, busybox-static, tcpdump) are installed with apt-get only when running as root and a
# binary is missing. Every command is idempotent: `start` twice reuses the running daemon.
set -euo pipefail

PROG=$(basename "$0")
CMD=${1:-}
DIR=${2:-${KEELWATCH_DOCKERD_DIR:-${TMPDIR:-/tmp}/keelwatch-dockerd}}
START_TIMEOUT=${KEELWATCH_DOCKERD_TIMEOUT:-60}
IMAGE=busybox:local

usage() {
  sed -n '3,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

die() { echo "$PROG: $*" >&2; exit 1; }
log() { echo "$PROG: $*" >&2; }

case "$CMD" in start|stop|status|env|purge) ;; *) usage ;; esac

case "$DIR" in /*) ;; *) DIR=$PWD/$DIR ;; esac   # absolute, as given (no symlink resolution: stable names)
while [ "${#DIR}" -gt 1 ] && [ "${DIR%/}" != "$DIR" ]; do DIR=${DIR%/}; done
DATA=$DIR/data
PIDFILE=$DIR/dockerd.pid
LOG=$DIR/dockerd.log
ROOTFS=$DIR/rootfs
# The socket and the exec root (which holds containerd's sockets) must have short paths.
if [ ${#DIR} -le 60 ]; then
  RUNBASE=$DIR
else
  RUNBASE=/tmp/kwd-$(printf '%s' "$DIR" | cksum | cut -d' ' -f1)
fi
EXECROOT=$RUNBASE/run
SOCK=$RUNBASE/docker.sock
export DOCKER_HOST=unix://$SOCK
# Prefer the CLI of the Debian package: same version as the daemon.
if [ -z "${DOCKER:-}" ]; then
  if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
fi

# ---------------------------------------------------------------------------------------------- helpers

dockerd_pid() {
  # Prints the pid of this sandbox's dockerd if it is alive, else nothing.
  local pid
  [ -s "$PIDFILE" ] || return 0
  pid=$(tr -dc '0-9' <"$PIDFILE")
  [ -n "$pid" ] || return 0
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--exec-root $EXECROOT "; then
    echo "$pid"
  fi
}

engine_answers() { timeout 10 "$DOCKER" version >/dev/null 2>&1; }

busybox_static() {
  # Path of a statically linked busybox, or nothing.
  local b
  for b in /bin/busybox /usr/bin/busybox "$(command -v busybox 2>/dev/null || true)"; do
    [ -n "$b" ] && [ -x "$b" ] || continue
    case "$(LC_ALL=C ldd "$b" 2>&1 || true)" in *'not a dynamic executable'*) echo "$b"; return 0 ;; esac
  done
}

install_packages() {
  local need=()
  command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
  [ -n "$(busybox_static)" ] || need+=(busybox-static)
  command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    case " ${need[*]} " in
      *" docker.io "*|*" busybox-static "*) die "missing ${need[*]}: install them (apt-get install ${need[*]}) or run as root" ;;
      *) log "note: tcpdump is missing (captures will have no appnet.pcap)"; return 0 ;;
    esac
  fi
  log "installing ${need[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${need[@]}" >&2   # with Recommends (apparmor, cgroupfs-mount), as tested
  if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; fi
}

our_mounts() {
  # Mount points under the sandbox's data root and exec root, deepest first.
  awk -v d="$DATA" -v e="$EXECROOT" 'index($2, d "/") == 1 || $2 == d || index($2, e "/") == 1 || $2 == e { print $2 }' \
    /proc/self/mounts | sed 's/\\040/ /g' | sort -r -u
}

our_shims() {
  # containerd shims started for this sandbox's containerd (their -address names our exec root).
  local p
  for p in /proc/[0-9]*; do
    [ -r "$p/cmdline" ] || continue
    if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q -- "-address $EXECROOT/containerd/containerd.sock"; then
      echo "${p#/proc/}"
    fi
  done
}

wait_gone() {
  # wait_gone SECONDS PID...: true when all are gone in time.
  local deadline=$((SECONDS + $1)) p alive; shift
  while :; do
    alive=
    for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ -z "$alive" ] && return 0
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

import_image() {
  if "$DOCKER" image inspect "$IMAGE" >/dev/null 2>&1; then return 0; fi
  local bb applet
  bb=$(busybox_static)
  [ -n "$bb" ] || die "no statically linked busybox found (apt-get install busybox-static)"
  rm -rf "$ROOTFS"
  mkdir -p "$ROOTFS"/{bin,etc,proc,sys,dev,tmp,root,var/www,home}
  cp "$bb" "$ROOTFS/bin/busybox"
  for applet in $("$ROOTFS/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$ROOTFS/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$ROOTFS/etc/passwd"
  printf 'root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n' >"$ROOTFS/etc/group"
  echo 'keelwatch sandbox' | tee "$ROOTFS/index.html" >"$ROOTFS/var/www/index.html"
  chmod 1777 "$ROOTFS/tmp"
  tar -C "$ROOTFS" -c . | "$DOCKER" import - "$IMAGE" >/dev/null
  log "imported $IMAGE"
}

# ---------------------------------------------------------------------------------------------- commands

do_stop() {
  local pid cpid shims m
  pid=$(dockerd_pid)
  cpid=
  if [ -s "$EXECROOT/containerd/containerd.pid" ]; then
    cpid=$(tr -dc '0-9' <"$EXECROOT/containerd/containerd.pid")
    # only a containerd that this sandbox's dockerd started (its config lives under our exec root)
    if [ -z "$cpid" ] || ! tr '\0' ' ' <"/proc/$cpid/cmdline" 2>/dev/null | grep -q -- "$EXECROOT/containerd"; then cpid=; fi
  fi
  if [ -n "$pid" ]; then
    log "stopping dockerd (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    if ! wait_gone 30 "$pid"; then
      log "dockerd did not stop in 30 s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone 5 "$pid" || true
    fi
  fi
  if [ -n "$cpid" ] && kill -0 "$cpid" 2>/dev/null; then
    kill -TERM "$cpid" 2>/dev/null || true
    wait_gone 10 "$cpid" || { kill -KILL "$cpid" 2>/dev/null || true; wait_gone 5 "$cpid" || true; }
  fi
  # containers whose daemon died without stopping them (e.g. after a SIGKILL): kill each container's init
  # (its pid namespace goes with it), checking that the pid still belongs to that container's cgroup
  local f id ipid
  for f in "$EXECROOT"/containerd/daemon/io.containerd.runtime.v2.task/*/*/init.pid; do
    [ -s "$f" ] || continue
    id=$(basename "$(dirname "$f")")
    ipid=$(tr -dc '0-9' <"$f")
    if [ -n "$ipid" ] && grep -q -- "$id" "/proc/$ipid/cgroup" 2>/dev/null; then
      kill -KILL "$ipid" 2>/dev/null || true
    fi
  done
  shims=$(our_shims)
  if [ -n "$shims" ]; then
    # shims left behind (e.g. after a SIGKILL): killing one also ends its container
    # shellcheck disable=SC2086
    kill -KILL $shims 2>/dev/null || true
    # shellcheck disable=SC2086
    wait_gone 5 $shims || true
  fi
  while IFS= read -r m; do
    [ -n "$m" ] && { umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; }
  done < <(our_mounts)
  rm -f "$PIDFILE" "$SOCK"
  rm -rf "$EXECROOT"
  if [ -n "$pid" ]; then log "stopped"; else log "not running"; fi
}

drop_networks() {
  # Before its data is deleted: remove the sandbox's containers and user-defined networks through the daemon, so
  # that their bridge interfaces (br-<id>) go with them. Bridges outlive a deleted data root and take address
  # pools (172.17-31/16, 192.168.x/20) that every later daemon on the host then cannot use.
  local pid ids
  pid=$(dockerd_pid)
  [ -n "$pid" ] && [ -S "$SOCK" ] || return 0
  ids=$("$DOCKER" ps -aq 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$ids" ] || "$DOCKER" rm -f $ids >/dev/null 2>&1 || true
  "$DOCKER" network prune -f >/dev/null 2>&1 || true
}

abort_start() {
  # abort_start PID MESSAGE: the daemon we just launched failed; show its log, stop it (its pid file may not
  # be written yet, so by the pid we launched), clean up, fail.
  local pid=$1
  log "$2; last lines of $LOG:"
  tail -n 40 "$LOG" >&2
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone 30 "$pid" || { kill -KILL "$pid" 2>/dev/null || true; wait_gone 5 "$pid" || true; }
  fi
  do_stop >/dev/null 2>&1 || true
  exit 1
}

do_start() {
  local pid deadline
  pid=$(dockerd_pid)
  if [ -n "$pid" ] && engine_answers; then
    log "already running (pid $pid, $DOCKER_HOST)"
    import_image
    return 0
  fi
  if [ -n "$pid" ]; then
    log "dockerd pid $pid does not answer; restarting it"
  fi
  do_stop >/dev/null 2>&1 || true   # clean up a stale pid file, socket, mounts of an earlier run
  install_packages
  command -v dockerd >/dev/null 2>&1 || die "dockerd not found"
  [ "$(id -u)" = 0 ] || die "dockerd needs root"
  mkdir -p "$DIR" "$DATA" "$EXECROOT" "$(dirname "$SOCK")" || die "cannot create the sandbox directories under $DIR"
  {
    echo "# ---- $PROG start $(date -u +%Y-%m-%dT%H:%M:%S.%NZ) ----"
  } >>"$LOG"
  # setsid: the daemon outlives this script and a Ctrl-C in the calling terminal.
  setsid dockerd \
    --debug \
    --storage-driver=vfs \
    --iptables=false --ip6tables=false --ip-forward=false \
    --bridge=none --dns=127.0.0.1 \
    --containerd-namespace=keelwatch --containerd-plugins-namespace=keelwatch-plugins \
    --data-root "$DATA" \
    --exec-root "$EXECROOT" \
    --pidfile "$PIDFILE" \
    -H "unix://$SOCK" \
    </dev/null >>"$LOG" 2>&1 &
  pid=$!
  deadline=$((SECONDS + START_TIMEOUT))
  until engine_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      abort_start "$pid" "dockerd exited during start-up"
    fi
    if [ $SECONDS -ge $deadline ]; then
      abort_start "$pid" "dockerd did not answer within ${START_TIMEOUT}s (KEELWATCH_DOCKERD_TIMEOUT)"
    fi
    sleep 0.5
  done
  log "dockerd running (pid $pid, $DOCKER_HOST, log $LOG)"
  import_image
}

do_status() {
  local pid
  pid=$(dockerd_pid)
  if [ -n "$pid" ] && engine_answers; then
    echo "running pid=$pid host=$DOCKER_HOST log=$LOG version=$("$DOCKER" version --format '{{.Server.Version}}' 2>/dev/null)"
    return 0
  elif [ -n "$pid" ]; then
    echo "starting-or-hung pid=$pid host=$DOCKER_HOST log=$LOG"
    return 3
  fi
  echo "stopped dir=$DIR"
  return 3
}

do_env() {
  printf 'export DOCKER_HOST=%q\n' "unix://$SOCK"
  printf 'export KEELWATCH_DOCKERD_DIR=%q\n' "$DIR"
  printf 'export KEELWATCH_DOCKERD_LOG=%q\n' "$LOG"
}

case "$CMD" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  env) do_env ;;
  purge) drop_networks; do_stop; rm -rf "$DIR"; [ "$RUNBASE" = "$DIR" ] || rm -rf "$RUNBASE"; log "removed $DIR" ;;
esac
