#!/usr/bin/env bash
# The floor of a benchmark scenario: the least an agentless SSH tool has to
# do for it, done by OpenSSH and bash with nothing else in the way.
#
#   floor.sh HOSTS_FILE STEPS_FILE [NAME=VALUE ...]
#
# HOSTS_FILE has one host a line: `address private_key known_hosts`. The
# first host is the master for steps scoped `master`.
#
# STEPS_FILE has one step a line: `SCOPE COMMAND`, where SCOPE is `all` or
# `master`; lines starting with # and blank lines are skipped. A step runs
# COMMAND on every host of its scope at once, over that host's master
# connection, and the next step starts when all have finished, as a tool
# that runs task by task across hosts does. A step fails the run when any
# host's command exits non-zero, unless its scope starts with `?` (a read
# of something that may be missing, or a reset). In COMMAND, @ADDR@ becomes
# the host's address and @NAME@ the VALUE given for NAME.
#
# What the time includes, as skprun's does: opening one OpenSSH master
# connection per host (all in parallel, key checked against known_hosts),
# every step, and closing the masters. What it leaves out: parsing a
# playbook or inventory, templating, and deciding anything on the
# controller. It does pay for one ssh client process per command and host,
# which a tool that keeps its SSH channels in one process does not, so on
# many hosts such a tool can come in under this floor.
set -u -o pipefail
# Bash 5.2 reads & in a ${var//pattern/replacement} as the match; values
# given as NAME=VALUE are meant literally.
shopt -u patsub_replacement 2>/dev/null || true

if [ $# -lt 2 ]; then
  echo "usage: floor.sh HOSTS_FILE STEPS_FILE [NAME=VALUE ...]" >&2
  exit 5
fi
hosts_file=$1
steps_file=$2
shift 2
substitutions=("$@")

mapfile -t hosts < <(grep -v '^[[:space:]]*$' "$hosts_file")
if [ ${#hosts[@]} -eq 0 ]; then
  echo "floor.sh: $hosts_file lists no hosts" >&2
  exit 5
fi

control_dir=$(mktemp -d /tmp/skpbench-floor.XXXXXX)

# ssh_to INDEX [SSH_OPTION ...] [-- COMMAND]: ssh to host INDEX with its
# key, its known_hosts and its control socket.
ssh_to() {
  local index=$1 options=() address key known_hosts
  shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    options+=("$1")
    shift
  done
  [ $# -gt 0 ] && shift
  read -r address key known_hosts <<<"${hosts[$index]}"
  ssh -o BatchMode=yes -o IdentitiesOnly=yes -i "$key" \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$known_hosts" -o GlobalKnownHostsFile=/dev/null \
    -o ControlPath="$control_dir/$index" -l root "${options[@]}" "$address" "$@"
}

close_masters() {
  local index
  for index in "${!hosts[@]}"; do
    [ -S "$control_dir/$index" ] && ssh -o ControlPath="$control_dir/$index" -O exit x >/dev/null 2>&1 &
  done
  wait
  rm -rf "$control_dir"
}
trap close_masters EXIT

open_masters() {
  local index pids=() failed=0
  for index in "${!hosts[@]}"; do
    # -f returns once the master is authenticated; it lives until -O exit.
    ssh_to "$index" -M -N -f -o ControlMaster=yes -o ControlPersist=yes 2>"$control_dir/open.$index" &
    pids+=($!)
  done
  for index in "${!pids[@]}"; do
    if ! wait "${pids[$index]}"; then
      echo "floor.sh: connecting to ${hosts[$index]%% *} failed: $(tail -n 2 "$control_dir/open.$index")" >&2
      failed=1
    fi
  done
  return $failed
}

expand() {
  local command=$1 address=$2 pair
  command=${command//@ADDR@/$address}
  for pair in "${substitutions[@]}"; do
    command=${command//@${pair%%=*}@/${pair#*=}}
  done
  printf '%s' "$command"
}

# run_step NUMBER SCOPE COMMAND
run_step() {
  local number=$1 scope=$2 command=$3 optional=0 index pids=() targets=() failed=0
  if [ "${scope:0:1}" = '?' ]; then
    optional=1
    scope=${scope:1}
  fi
  case $scope in
    all) targets=("${!hosts[@]}") ;;
    master) targets=(0) ;;
    *)
      echo "floor.sh: $steps_file step $number: scope $scope is invalid, expected all or master" >&2
      return 5
      ;;
  esac

  for index in "${targets[@]}"; do
    ssh_to "$index" -- "$(expand "$command" "${hosts[$index]%% *}")" >/dev/null 2>"$control_dir/err.$index" </dev/null &
    pids+=($!)
  done
  for index in "${!pids[@]}"; do
    if ! wait "${pids[$index]}" && [ $optional -eq 0 ]; then
      local host=${hosts[${targets[$index]}]%% *}
      echo "floor.sh: step $number on $host failed: $command: $(tail -n 2 "$control_dir/err.${targets[$index]}")" >&2
      failed=1
    fi
  done
  return $failed
}

open_masters || exit 3
number=0
while IFS= read -r line || [ -n "$line" ]; do
  case $line in '' | '#'*) continue ;; esac
  number=$((number + 1))
  run_step "$number" "${line%% *}" "${line#* }" || exit 2
done <"$steps_file"
