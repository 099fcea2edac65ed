#!/usr/bin/env bash
# tests/slurm/run.sh BIN_DIR SOURCE_DIR [--long]: the job scripts in jobs/ on
# a real Slurm (slurmctld + slurmd + munge from Debian) started on this machine:
#   1. installs slurmctld, slurmd and munge when missing (apt-get; needs root);
#   2. starts a private munged (as the munge user, on its own socket) and a
#      one-node cluster (n1, CPUs=4 declared) from a slurm.conf generated under
#      a temporary folder (cred_expire=10: a requeued job may start 10 s later);
#   3. submits jobs/gridsearch.sbatch (the seed search, defaults only),
#      jobs/primes.sbatch, and a bigger search that it interrupts with
#      `scancel --signal=TERM` (to the job step) and with
#      `scancel --batch --signal=TERM` (to the batch shell: stop, no restart),
#      then resumes with --resume; then the restart paths by hand
#      (`scancel --batch --signal=USR1`, what the time-limit warning does): a
#      --no-requeue job that submits itself again, and a config changed
#      between two runs (refused, exit 2);
#   4. restarts as two nodes on this host (two slurmd, -N n1 / -N n2) and
#      submits jobs/gridsearch-multinode.sbatch --nodes=2: ranks on both nodes,
#      CSV equal to a single-process run's; interrupts and resumes it too;
#      pauses rank 1 at the end of a search until rank 0 has left (both must
#      still end, exit 0); then lets a real time-limit warning (--time=2 --signal=B:USR1@60) stop a
#      long search on both nodes, with GS_MAX_RESTARTS=0 (no restart);
#   5. stops every process it started, by PID, pass or fail.
# With --long (make test-slurm-long) instead: a search sized on this machine
# to four or five times what a --time=2 --signal=B:USR1@45 job gets done,
# submitted once on one node and once on two, must requeue itself to the end
# (>= 3 starts, CSV equal to an uninterrupted run's), and a search whose one
# fit outlasts a 1-minute job must stop after one run.
# Prints PASS/FAIL lines; exits 0 when everything passed, 1 otherwise, 77
# (skip) when not root. Uses free TCP ports from a random base in 20000-59999.
set -u
if [ $# -lt 2 ] || [ $# -gt 3 ] || { [ $# = 3 ] && [ "$3" != --long ]; }; then echo "usage: $0 BIN_DIR SOURCE_DIR [--long]" >&2; exit 2; fi
bin_dir=$(cd "$1" && pwd) || exit 2
src=$(cd "$2" && pwd) || exit 2
mode=${3:-}
gs=$bin_dir/gridsearch csvcmp=$bin_dir/csvcmp
timing=mean_fit_time,std_fit_time,mean_score_time,std_score_time
start_time=$(date +%s.%N)
fail=0
pass() { echo "PASS $*"; }
bad() { echo "FAIL $*"; fail=1; }
elapsed() { awk -v a="$start_time" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
log() { echo "---- [$(elapsed) s] $*"; }

if [ "$(id -u)" != 0 ]; then echo "SKIP slurm test: needs root (runs slurmctld, slurmd and munged)"; exit 77; fi
for f in "$gs" "$csvcmp"; do [ -x "$f" ] || { echo "FAIL missing $f (build the tests first)"; exit 1; }; done

# ---------------------------------------------------------------- 1. install
missing=()
command -v slurmctld > /dev/null || missing+=(slurmctld)
command -v slurmd > /dev/null || missing+=(slurmd)
command -v munged > /dev/null || missing+=(munge)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" slurm-client > /tmp/gridsearch-slurm-apt.log 2>&1 ||
    { apt-get update > /dev/null 2>&1 && apt-get install -y --no-install-recommends "${missing[@]}" slurm-client >> /tmp/gridsearch-slurm-apt.log 2>&1; } ||
    { tail -20 /tmp/gridsearch-slurm-apt.log; echo "FAIL could not install ${missing[*]}"; exit 1; }
  start_time=$(date +%s.%N) # the timings below leave the installation out
fi
[ -r /etc/munge/munge.key ] || { echo "FAIL /etc/munge/munge.key missing (the munge package makes it)"; exit 1; }

# ------------------------------------------------------------ common set-up
tmp=$(mktemp -d /tmp/gridsearch-slurm.XXXXXX)
chmod 755 "$tmp" # munged (user munge) must reach its socket folder
# Every process started from here on carries this variable in its environment
# (daemons, slurmstepd, job scripts, ranks): cleanup finds leftovers by it.
export GS_SLURM_TEST_DIR=$tmp
export OMPI_MCA_btl=tcp,self # only here: shared memory crashes between two simulated nodes on one host
# run inside a Slurm job (a CI runner on a cluster), the outer job's variables would leak into ours
for v in $(compgen -e | grep -E '^(SLURM|SBATCH|SRUN|SALLOC)_'); do unset "$v"; done
daemon_pids=()

# The PIDs of the processes this test started that may outlive their daemon
# (other than this shell): those whose environment holds our marker, and the
# slurmstepd of our slurmd (slurmd starts them with a clean environment; they
# hold files under $tmp open).
marked_pids() {
  local d p kv f comm
  for d in /proc/[0-9]*; do
    p=${d#/proc/}
    [ "$p" = $$ ] && continue
    [ "$p" = "${BASHPID:-$$}" ] && continue
    comm=
    read -r comm 2> /dev/null < "$d/comm"
    if [ "$comm" = slurmstepd ]; then
      for f in "$d"/fd/*; do
        if [[ "$(readlink "$f" 2> /dev/null)" == "$tmp/"* ]]; then echo "$p"; break; fi
      done
      continue
    fi
    while IFS= read -r -d '' kv 2> /dev/null; do
      if [ "$kv" = "GS_SLURM_TEST_DIR=$tmp" ]; then echo "$p"; break; fi
    done 2> /dev/null < "$d/environ"
  done
}

stray_pids() { # marked_pids but our daemons
  local p d skip
  for p in $(marked_pids); do
    skip=
    for d in "${daemon_pids[@]}"; do [ "$p" = "$d" ] && skip=1; done
    [ -z "$skip" ] && echo "$p"
  done
}

stop_pids() { # PIDS...: TERM, wait up to 5 s, then KILL
  local p left
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2> /dev/null
  for _ in $(seq 50); do
    left=
    for p in "$@"; do kill -0 "$p" 2> /dev/null && left=1; done
    [ -z "$left" ] && break
    sleep 0.1
  done
  kill -KILL "$@" 2> /dev/null
  for p in "$@"; do wait "$p" 2> /dev/null; done
  return 0
}

stop_cluster() { # cancels the jobs, then stops slurmctld and the slurmd (munged stays)
  local i keep=()
  if [ -n "${SLURM_CONF:-}" ] && [ -n "${ctld_pid:-}" ] && kill -0 "$ctld_pid" 2> /dev/null; then
    scancel --user=root > /dev/null 2>&1
    for _ in $(seq 50); do [ -z "$(squeue -h 2> /dev/null)" ] && break; sleep 0.1; done
  fi
  # let the jobs' slurmstepd finish while their slurmd still runs (max 5 s)
  for _ in $(seq 50); do [ -z "$(stray_pids)" ] && break; sleep 0.1; done
  for i in "${!daemon_pids[@]}"; do
    [ "${daemon_pids[$i]}" = "${munge_pid:-}" ] && keep+=("${daemon_pids[$i]}") || stop_pids "${daemon_pids[$i]}"
  done
  daemon_pids=("${keep[@]}")
  ctld_pid=
}

cleanup() {
  local rc=$? left
  trap - EXIT INT TERM
  stop_cluster
  stop_pids "${daemon_pids[@]}"
  # leftovers started under the daemons (slurmstepd, job scripts, srun, ranks)
  left=$(marked_pids)
  # shellcheck disable=SC2086
  [ -n "$left" ] && { echo "cleanup: stopping leftover processes: $left"; stop_pids $left; }
  left=$(marked_pids)
  [ -n "$left" ] && { echo "FAIL processes still running after cleanup: $left"; rc=1; }
  if [ "${GS_SLURM_KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
  exit $rc
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 1' INT TERM

dump_logs() { # tails of the daemon logs of the current cluster
  local f
  for f in "$conf_dir"/*.log "$tmp"/munge/munged.log; do
    [ -f "$f" ] || continue
    echo "==== tail $f"
    tail -25 "$f"
  done
}

dump_job() { # JOBID: its output files (first: CI keeps a part of long output), then its scontrol record
  local f
  for f in "$work"/*."$1".err "$work"/*."$1".out; do
    [ -f "$f" ] || continue
    echo "==== $f"
    tail -30 "$f"
  done
  echo "==== scontrol show job $1 (one line)"
  scontrol show job -o "$1" 2>&1 | head -3
}

port_free() { ! ss -Htln 2> /dev/null | awk '{print $4}' | grep -q ":$1\$"; }
pick_ports() { # sets port0 (slurmctld), port1, port2 (slurmd n1, n2)
  local base
  for _ in $(seq 50); do
    base=$((20000 + RANDOM % 40000))
    port_free "$base" && port_free $((base + 1)) && port_free $((base + 2)) && break
  done
  port0=$base port1=$((base + 1)) port2=$((base + 2))
}

# ------------------------------------------------------------------ munged
mkdir -p "$tmp/munge"
chown munge: "$tmp/munge"
chmod 755 "$tmp/munge" # clients need to reach the socket
munge_socket=$tmp/munge/munge.socket
setpriv --reuid=munge --regid=munge --init-groups \
  munged --foreground --socket="$munge_socket" --pid-file="$tmp/munge/munged.pid" \
  --log-file="$tmp/munge/munged.log" --seed-file="$tmp/munge/munged.seed" > "$tmp/munge/munged.stdout" 2>&1 &
munge_pid=$!
daemon_pids+=("$munge_pid")
for _ in $(seq 100); do [ -S "$munge_socket" ] && break; sleep 0.05; done
if munge -n -S "$munge_socket" | unmunge -S "$munge_socket" > /dev/null 2>&1; then
  pass "munged runs as user munge (pid $munge_pid)"
else
  bad "munged did not start"
  cat "$tmp/munge/munged.stdout" "$tmp/munge/munged.log" 2> /dev/null | tail -20
  exit 1
fi

# ------------------------------------------------------------- a cluster
# start_cluster NAME NODES...: slurm.conf in $tmp/NAME, slurmctld, one slurmd per node
start_cluster() {
  local name=$1 n i nodes_conf=
  shift
  conf_dir=$tmp/$name
  mkdir -p "$conf_dir/state"
  pick_ports
  i=0
  for n in "$@"; do
    i=$((i + 1))
    mkdir -p "$conf_dir/spool/$n" "$conf_dir/tmpfs/$n"
    nodes_conf+="NodeName=$n NodeAddr=127.0.0.1 NodeHostname=$(hostname) Port=$((port0 + i)) CPUs=4 State=UNKNOWN"$'\n'
  done
  cat > "$conf_dir/slurm.conf" << EOF
# generated by tests/slurm/run.sh
ClusterName=gstest
SlurmctldHost=$(hostname)(127.0.0.1)
SlurmctldPort=$port0
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$munge_socket,cred_expire=10
CredType=cred/munge
StateSaveLocation=$conf_dir/state
SlurmctldPidFile=$conf_dir/slurmctld.pid
SlurmctldLogFile=$conf_dir/slurmctld.log
SlurmdSpoolDir=$conf_dir/spool/%n
SlurmdPidFile=$conf_dir/slurmd.%n.pid
SlurmdLogFile=$conf_dir/slurmd.%n.log
TmpFS=$conf_dir/tmpfs/%n
SlurmdParameters=config_overrides
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=pmix
SwitchType=switch/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
KillWait=5
EnforcePartLimits=ALL
ReturnToService=2
MinJobAge=600
InactiveLimit=0
SlurmctldDebug=info
SlurmdDebug=info
$nodes_conf
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$conf_dir/slurm.conf
  slurmctld -D -c -f "$SLURM_CONF" > "$conf_dir/slurmctld.stdout" 2>&1 &
  ctld_pid=$!
  daemon_pids+=("$ctld_pid")
  for n in "$@"; do
    slurmd -D -N "$n" -f "$SLURM_CONF" > "$conf_dir/slurmd.$n.stdout" 2>&1 &
    daemon_pids+=("$!")
  done
  # wait (max 30 s) for every node to be idle
  local state=
  for _ in $(seq 300); do
    state=$(sinfo -h -N -o '%N=%t' 2> /dev/null | sort -u | tr '\n' ' ')
    local all_idle=1
    for n in "$@"; do [[ " $state" == *" $n=idle "* ]] || all_idle=0; done
    [ $all_idle = 1 ] && break
    sleep 0.1
  done
  if [ $all_idle = 1 ]; then
    pass "$name: slurmctld (port $port0) and slurmd for $* up, nodes idle [$(elapsed) s]"
  else
    bad "$name: nodes not idle within 30 s: ${state:-no answer from slurmctld}"
    dump_logs
    exit 1
  fi
}

# ------------------------------------------------------------- jobs
# submit ARGS...: sbatch from $work; sets job
submit() {
  local out
  out=$(cd "$work" && sbatch --parsable "$@" 2>&1)
  job=${out%%;*}
  if ! [[ "$job" =~ ^[0-9]+$ ]]; then
    bad "sbatch $*: $out"
    job=
    return 1
  fi
  log "submitted job $job: sbatch $*"
}

job_field() { # JOBID FIELD
  scontrol show job "$1" 2> /dev/null | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1
}

# wait_job JOBID TIMEOUT: until the job has ended; sets job_state, job_exit
wait_job() {
  local deadline=$((SECONDS + $2))
  job_state= job_exit=
  while [ $SECONDS -lt $deadline ]; do
    job_state=$(job_field "$1" JobState)
    case "$job_state" in
      PENDING | RUNNING | CONFIGURING | COMPLETING | SUSPENDED | REQUEUED | RESIZING | SIGNALING | STAGE_OUT | "") ;;
      *) job_exit=$(job_field "$1" ExitCode); return 0 ;;
    esac
    sleep 0.2
  done
  bad "job $1 did not end within $2 s (state ${job_state:-unknown})"
  dump_job "$1"
  dump_logs
  scancel --full --signal=KILL "$1" 2> /dev/null
  return 1
}

# wait_records JOBID JOURNAL RECORDS TIMEOUT: until the job runs and JOURNAL has RECORDS task records
wait_records() {
  local deadline=$((SECONDS + $4)) n=0
  while [ $SECONDS -lt $deadline ]; do
    n=$(grep -c '^T ' "$2" 2> /dev/null)
    [ "${n:-0}" -ge "$3" ] && [ "$(job_field "$1" JobState)" = RUNNING ] && return 0
    case "$(job_field "$1" JobState)" in PENDING | RUNNING | CONFIGURING | "") ;; *) break ;; esac
    sleep 0.05
  done
  bad "job $1: journal $2 did not reach $3 records while running (has ${n:-0}; state $(job_field "$1" JobState))"
  dump_job "$1"
  return 1
}

# expect_exit JOBID LABEL EXITCODE: after wait_job
expect_exit() {
  if [ "$job_exit" = "$3" ]; then
    pass "$2: job $1 ended $job_state with ExitCode=$job_exit [$(elapsed) s]"
    return 0
  fi
  bad "$2: job $1 ended $job_state with ExitCode=$job_exit, expected $3"
  dump_job "$1"
  dump_logs
  return 1
}

check_grep() { # LABEL FILE PATTERN (fixed string)
  if grep -qF -- "$3" "$2" 2> /dev/null; then pass "$1"; else
    bad "$1: no '$3' in $2"
    tail -20 "$2" 2> /dev/null
  fi
}

check_csv() { # LABEL ACTUAL EXPECTED
  if "$csvcmp" "$2" "$3" --ignore "$timing" > "$tmp/csvcmp.out" 2>&1; then pass "$1"; else
    bad "$1"
    head -10 "$tmp/csvcmp.out"
  fi
}

check_results() { # LABEL DIR: the search's result files
  local f missing=
  for f in cv_results.csv report.md best_params.json journal; do
    [ -s "$2/$f" ] || missing+=" $f"
  done
  [ -z "$missing" ] && pass "$1: $2 has cv_results.csv report.md best_params.json journal" || bad "$1: missing in $2:$missing"
}

check_best() { # LABEL DIR: the seed's best parameters for precision_macro
  if grep -A1 '"precision_macro"' "$2/best_params.json" 2> /dev/null | grep -qF '"params": {"C": 10, "gamma": 0.001, "kernel": "rbf"}'; then
    pass "$1: best params for precision_macro {'C': 10, 'gamma': 0.001, 'kernel': 'rbf'}"
  else
    bad "$1: best params for precision_macro are not {'C': 10, 'gamma': 0.001, 'kernel': 'rbf'}"
    cat "$2/best_params.json" 2> /dev/null
  fi
}

# interrupt JOBID CFGNAME HOW: wait for some journal records, signal, expect exit 3
interrupt() {
  local j=$1 name=$2 how=$3 n base
  base=$(grep -c '^T ' "$work/results/$name/journal" 2> /dev/null)
  base=${base:-0}
  wait_records "$j" "$work/results/$name/journal" $((base + 10)) 60 || return 1
  case "$how" in
    step) scancel --signal=TERM "$j" ;;         # to the job steps: srun's tasks, every rank
    batch) scancel --batch --signal=TERM "$j" ;; # to the batch shell: it passes USR1 on to srun, and stops (no requeue)
  esac
  log "scancel ($how) job $j"
  wait_job "$j" 60 || return 1
  expect_exit "$j" "interrupted ($how signal)" 3:0 || return 1
  n=$(grep -c '^T ' "$work/results/$name/journal" 2> /dev/null)
  if [ "${n:-0}" -ge $((base + 10)) ] && [ "$n" -lt "$cancel_tasks" ]; then
    pass "interrupted ($how signal): results/$name/journal kept $n of $cancel_tasks task records"
  else
    bad "interrupted ($how signal): results/$name/journal has ${n:-no} task records (expected $((base + 10))..$((cancel_tasks - 1)))"
  fi
  check_grep "interrupted ($how signal): the program says how to resume" "$(ls "$work"/*."$j".err 2> /dev/null | head -1)" "--resume"
}

# A search big enough to be still running when it is signalled: 200 candidates
# x 5 folds = 1000 fits, a few seconds on this machine.
cancel_tasks=1000
cat > "$tmp/slurm_cancel.json" << 'EOF'
{
  "name": "slurm_cancel",
  "dataset": "digits",
  "test_size": 0.5,
  "random_state": 0,
  "cv": 5,
  "scoring": ["accuracy", "precision_macro"],
  "param_grid": [
    {"kernel": ["rbf"],
     "gamma": [0.02, 0.015, 0.01, 0.007, 0.005, 0.004, 0.003, 0.002, 0.0015, 0.001,
               0.0007, 0.0005, 0.0004, 0.0003, 0.0002, 0.00015, 0.0001, 0.00007, 0.00005, 0.00003],
     "C": [0.1, 0.3, 1, 3, 10, 30, 100, 300, 1000, 3000]}
  ]
}
EOF

# A search that runs for minutes here (20 gammas x 240 C x 10 folds = 48000
# fits): the time-limit warning must stop it.
awk 'BEGIN {
  printf "{\"name\": \"slurm_timelimit\", \"dataset\": \"digits\", \"test_size\": 0.5, \"random_state\": 0, \"cv\": 10,\n"
  printf " \"scoring\": [\"accuracy\"],\n \"param_grid\": [{\"kernel\": [\"rbf\"],\n"
  printf "  \"gamma\": [0.02, 0.015, 0.01, 0.007, 0.005, 0.004, 0.003, 0.002, 0.0015, 0.001, 0.0007, 0.0005, 0.0004, 0.0003, 0.0002, 0.00015, 0.0001, 0.00007, 0.00005, 0.00003],\n  \"C\": ["
  for (i = 0; i < 240; i++) printf "%s%.6g", (i ? ", " : ""), 10 ^ (-1 + 4 * i / 239)
  printf "]}]}\n"
}' > "$tmp/slurm_timelimit.json"

# ------------------------------------------------- self-requeue (issue 17)
err_of() { ls "$work"/*."$1".err 2> /dev/null | head -1; }

# long_case LABEL SCRIPT [SBATCH OPTIONS...]: the long search (four to five
# times what one 2-minute job gets done), submitted once with --time=2 and a
# warning 45 s before the limit; it must requeue itself until done. The
# search is sized by the probe below; when the machine got so much faster
# (others' load gone) that it finished within two starts, that attempt proves
# nothing about restarts: it is said, and the case is run again (at most
# twice more) with a search as many times bigger as needed.
long_case() {
  local label=$1 script=$2 j err r runs nc=$long_nc attempt=1 base=$work
  shift 2
  while :; do
    work=$base/attempt$attempt
    mkdir -p "$work"
    long_ref "$nc"
    submit --time=2 --signal=B:USR1@45 "$@" --export=ALL,GRIDSEARCH="$gs" "$src/jobs/$script" "$tmp/slurm_long_$nc.json" || return 1
    j=$job
    wait_job "$j" 3600 && expect_exit "$j" "$label: submitted once, the search finished unattended" 0:0 || return 1
    r=$(job_field "$j" Restarts)
    [ "${r:-0}" -ge 2 ] || [ $attempt -ge 3 ] && break
    log "$label: finished after $((${r:-0} + 1)) starts (the machine got faster than the probe said, load now $(cut -d' ' -f1-3 /proc/loadavg)): again with a search $((6 / (${r:-0} + 1))) times bigger"
    nc=$((nc * 6 / (${r:-0} + 1)))
    attempt=$((attempt + 1))
  done
  err=$(err_of "$j")
  runs=$(grep -c "^$script: job $j run [0-9]* on" "$err")
  # sacct needs a slurmdbd (accounting), which this cluster has not: the
  # starts are counted by scontrol's Restarts= and by the script's own lines
  if [ "${r:-0}" -ge 2 ] && [ "$runs" = $((r + 1)) ]; then
    pass "$label: the job was started $runs times (scontrol Restarts=$r; one 'run N' line per start in $(basename "$err"); $((100 * nc)) fits)"
  else
    bad "$label: started ${runs:-?} times per $(basename "$err"), Restarts=${r:-?} (expected >= 3 starts, Restarts = starts - 1)"
    grep "^$script: " "$err" | tail -20
  fi
  check_grep "$label: the job requeued itself" "$err" "$script: requeueing job $j (restart 1 of at most 100;"
  check_grep "$label: the restarted runs resumed the journal" "$err" "gridsearch: resuming:"
  check_grep "$label: the last run says how many job runs the search took" "$err" "gridsearch: the search took $runs job runs"
  check_grep "$label: report.md says how many job runs the search took" "$work/results/slurm_long/report.md" "| job runs | $runs (resumed $((runs - 1)) times); wall time "
  check_grep "$label: the report is in the job's one .out file" "$(ls "$work"/*."$j".out | head -1)" "Best parameters set found"
  ref_wait "$nc" || { bad "the uninterrupted reference run failed"; tail -5 "$tmp/ref_long_$nc.stdout"; }
  check_csv "$label: cv_results.csv equals an uninterrupted run's (timing aside)" "$work/results/slurm_long/cv_results.csv" "$tmp/ref_long_$nc/cv_results.csv"
  work=$base
}

# long_ref NC: the long search with NC values of C, and its uninterrupted
# single-process run in the background (once per NC; pid in ref_pids[NC])
declare -A ref_pids=() ref_rc=()
ref_wait() { # NC: waits for that reference run (once); its status
  if [ -z "${ref_rc[$1]:-}" ]; then
    wait "${ref_pids[$1]}"
    ref_rc[$1]=$?
  fi
  return "${ref_rc[$1]}"
}
long_ref() {
  [ -n "${ref_pids[$1]:-}" ] && return 0
  long_json slurm_long "$1" > "$tmp/slurm_long_$1.json"
  "$gs" search "$tmp/slurm_long_$1.json" --out "$tmp/ref_long_$1" --threads 2 --quiet > "$tmp/ref_long_$1.stdout" 2>&1 &
  ref_pids[$1]=$!
}

if [ "$mode" = --long ]; then
  # The long search, sized on this machine: a probe of 20 gammas x 5 C x 5
  # folds (500 fits) on one thread, then 20 gammas x N C x 5 folds with N
  # chosen so that the search takes about 600 s on one thread (300 s on the
  # jobs' 2 workers: four to five times a 2-minute job's 45-75 s of work).
  long_json() { # NAME NC
    awk -v name="$1" -v nc="$2" 'BEGIN {
      printf "{\"name\": \"%s\", \"dataset\": \"digits\", \"test_size\": 0.5, \"random_state\": 0, \"cv\": 5,\n", name
      printf " \"scoring\": [\"accuracy\", \"precision_macro\"],\n \"param_grid\": [{\"kernel\": [\"rbf\"],\n"
      printf "  \"gamma\": [0.02, 0.015, 0.01, 0.007, 0.005, 0.004, 0.003, 0.002, 0.0015, 0.001, 0.0007, 0.0005, 0.0004, 0.0003, 0.0002, 0.00015, 0.0001, 0.00007, 0.00005, 0.00003],\n  \"C\": ["
      for (i = 0; i < nc; i++) printf "%s%.6g", (i ? ", " : ""), 10 ^ (-1 + 4.5 * i / (nc - 1))
      printf "]}]}\n"
    }'
  }
  long_json slurm_probe 5 > "$tmp/slurm_probe.json"
  t0=$(date +%s.%N)
  "$gs" search "$tmp/slurm_probe.json" --out "$tmp/probe" --threads 1 --quiet > "$tmp/probe.stdout" 2>&1 || { echo "FAIL the probe search failed"; cat "$tmp/probe.stdout"; exit 1; }
  probe_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  # 500 fits took probe_s: 100 fits (one C) take probe_s / 5; 600 s of them
  long_nc=$(awk -v t="$probe_s" 'BEGIN { n = int(600 / (t / 5) + 0.999); if (n < 10) n = 10; print n }')
  log "probe: 500 fits in $probe_s s on one thread (load $(cut -d' ' -f1-3 /proc/loadavg)): the long search has 20 x $long_nc candidates x 5 folds = $((100 * long_nc)) fits"
  long_ref "$long_nc"

  # A search that makes no progress: one linear fit with a huge C on noise
  # (LIBSVM's own kernels, a 1 MB cache) runs longer than the whole job on
  # any machine: with 40,000 rows (fits of 10,000 rows) the first fit took
  # 414 s here (4,000 rows, 36 s a fit, once let both fits finish inside the
  # job: CI, 2026-12-02). The job is --time=2 like every other here: Slurm
  # sends the warning at its first periodic check within about 30 s of
  # "limit - 45 s - 30 s", and in a 1-minute job that check can come before
  # the batch shell runs, which then never gets a warning (CI, 2026-12-02:
  # job ended TIMEOUT, no warning seen by the script or gridsearch).
  awk 'BEGIN { srand(7); for (i = 0; i < 40000; i++) { s = ""; for (j = 0; j < 10; j++) s = s sprintf("%.4f,", rand() * 2 - 1); print s (rand() < 0.5 ? 0 : 1) } }' > "$tmp/noise.csv"
  printf '%s\n' "{\"name\": \"slurm_noprog\", \"dataset\": {\"path\": \"$tmp/noise.csv\", \"format\": \"csv\"}, \"test_size\": 0.5," \
    " \"random_state\": 0, \"cv\": 2, \"memory_limit_mb\": 1, \"svm\": {\"tol\": 1e-9}, \"scoring\": [\"accuracy\"]," \
    " \"param_grid\": [{\"kernel\": [\"linear\"], \"C\": [100000]}]}" > "$tmp/slurm_noprog.json"

  log "one-node cluster: the long search"
  start_cluster one n1
  work=$tmp/long1
  mkdir -p "$work"
  long_case "one node (1 rank x 2 threads)" gridsearch.sbatch --cpus-per-task=2
  # no progress: every fit runs past the job's time; the job must stop after
  # one run that finished nothing, with the reason in its .err
  if submit --time=2 --signal=B:USR1@45 --export=ALL,GRIDSEARCH="$gs" "$src/jobs/gridsearch.sbatch" "$tmp/slurm_noprog.json" --grace 5; then
    j=$job
    if wait_job "$j" 300 && expect_exit "$j" "no progress: the job stopped" 3:0; then
      r=$(job_field "$j" Restarts)
      [ "$r" = 0 ] && pass "no progress: not requeued (Restarts=0)" || bad "no progress: Restarts=$r"
      check_grep "no progress: the .err says why it stopped" "$(err_of "$j")" "gridsearch.sbatch: not restarting: this run finished no task"
    fi
  fi
  [ $fail = 0 ] || dump_logs
  stop_cluster

  log "two-node cluster (n1, n2 on this host): the long search"
  start_cluster two n1 n2
  work=$tmp/long2
  mkdir -p "$work"
  long_case "two nodes (2 ranks x 1 thread)" gridsearch-multinode.sbatch --nodes=2 --cpus-per-task=1
  [ $fail = 0 ] || dump_logs
  stop_cluster
  for nc in "${!ref_pids[@]}"; do ref_wait "$nc"; done
  if [ $fail = 0 ]; then
    echo "PASS slurm-long: the long search requeued itself to the end on one node and on two, and a search without progress stopped [$(elapsed) s]"
  else
    echo "FAIL slurm-long: see the FAIL lines above [$(elapsed) s]"
  fi
  exit $fail
fi

# Single-process reference runs (no Slurm, no MPI), in the background meanwhile.
(
  "$gs" search "$src/configs/digits_svc.json" --out "$tmp/ref_seed" --threads 1 --quiet > "$tmp/ref_seed.stdout" 2>&1 &&
    "$gs" search "$tmp/slurm_cancel.json" --out "$tmp/ref_cancel" --threads 2 --quiet > "$tmp/ref_cancel.stdout" 2>&1 &&
    "$gs" search "$src/configs/digits_wide.json" --out "$tmp/ref_wide" --threads 2 --quiet > "$tmp/ref_wide.stdout" 2>&1
) &
ref_pid=$!

# ============================================================ one node
log "one-node cluster"
start_cluster one n1
work=$tmp/work1
mkdir -p "$work/build/bin"
# the user's layout: submitted from a checkout with build/bin/gridsearch and configs/
ln -s "$gs" "$work/build/bin/gridsearch"
ln -s "$src/configs" "$work/configs"

# the seed search, every default: config, binary lookup, threads
if submit "$src/jobs/gridsearch.sbatch" && wait_job "$job" 90 && expect_exit "$job" "gridsearch.sbatch (defaults)" 0:0; then
  j=$job
  check_results "gridsearch.sbatch" "$work/results/digits_svc"
  check_best "gridsearch.sbatch" "$work/results/digits_svc"
  check_grep "gridsearch.sbatch: output file gridsearch.$j.out holds the report" "$work/gridsearch.$j.out" "{'C': 10, 'gamma': 0.001, 'kernel': 'rbf'}"
  check_grep "gridsearch.sbatch: 1 rank x 4 threads (SLURM_CPUS_PER_TASK)" "$work/gridsearch.$j.err" "on 1 rank x 4 threads"
  check_grep "gridsearch.sbatch: found build/bin/gridsearch in the submit folder" "$work/gridsearch.$j.err" "$work/build/bin/gridsearch search configs/digits_svc.json"
  wait "$ref_pid" || { bad "single-process reference runs failed"; cat "$tmp"/ref_*.stdout; }
  ref_pid=
  check_csv "gridsearch.sbatch: cv_results.csv equals the single-process run's (timing aside)" "$work/results/digits_svc/cv_results.csv" "$tmp/ref_seed/cv_results.csv"
fi

# the seed's prime range, binary given by GRIDSEARCH
if submit --export=ALL,GRIDSEARCH="$gs" "$src/jobs/primes.sbatch" && wait_job "$job" 90 && expect_exit "$job" "primes.sbatch (seed range)" 0:0; then
  check_grep "primes.sbatch: 54 primes in primes.$job.out" "$work/primes.$job.out" "54 primes between 100000000 and 100001000 ["
  check_grep "primes.sbatch: results/primes/100000000-100001000.txt" "$work/results/primes/100000000-100001000.txt" "54 primes between 100000000 and 100001000 ["
fi

# a search interrupted through the job step (scancel --signal=TERM: every rank
# gets TERM from slurmstepd), then through the batch shell (the warning-signal
# path), then resumed to the end
submit --export=ALL,GRIDSEARCH="$gs" "$src/jobs/gridsearch.sbatch" "$tmp/slurm_cancel.json" && interrupt "$job" slurm_cancel step
submit --export=ALL,GRIDSEARCH="$gs" "$src/jobs/gridsearch.sbatch" "$tmp/slurm_cancel.json" --resume && interrupt "$job" slurm_cancel batch
if submit --export=ALL,GRIDSEARCH="$gs" "$src/jobs/gridsearch.sbatch" "$tmp/slurm_cancel.json" --resume &&
  wait_job "$job" 120 && expect_exit "$job" "gridsearch.sbatch --resume after two interruptions" 0:0; then
  [ -n "$ref_pid" ] && { wait "$ref_pid" || bad "single-process reference runs failed"; ref_pid=; }
  check_csv "resumed search: cv_results.csv equals the uninterrupted single-process run's" "$work/results/slurm_cancel/cv_results.csv" "$tmp/ref_cancel/cv_results.csv"
fi
[ -n "$ref_pid" ] && { wait "$ref_pid"; ref_pid=; }

# The restart paths, by hand (scancel --batch --signal=USR1 is what the
# time-limit warning does). Where Slurm may not requeue the job (sbatch
# --no-requeue here, or a site's policy), the script submits itself again
# after the job, with the same output files (appended).
if submit --no-requeue --export=ALL,GRIDSEARCH="$gs" "$src/jobs/gridsearch.sbatch" "$tmp/slurm_cancel.json" --out rs &&
  wait_records "$job" "$work/rs/journal" 10 60; then
  j=$job err=$work/gridsearch.$job.err
  scancel --batch --signal=USR1 "$j"
  log "scancel --batch --signal=USR1 job $j"
  if wait_job "$j" 60 && expect_exit "$j" "--no-requeue: the first job ended after USR1" 3:0; then
    check_grep "--no-requeue: the script saw that the job may not be requeued" "$err" "gridsearch.sbatch: job $j may not be requeued (Requeue=0"
    j2=$(sed -n 's/^gridsearch.sbatch: submitted job \([0-9]*\) to continue after this one.*/\1/p' "$err" | head -1)
    if [ -z "$j2" ]; then
      bad "--no-requeue: no job submitted to continue"
      tail -5 "$err"
    elif wait_job "$j2" 600 && expect_exit "$j2" "--no-requeue: the job it submitted finished the search" 0:0; then
      check_grep "--no-requeue: the second job ran as run 2, into the first job's .err" "$err" "gridsearch.sbatch: job $j2 run 2 on"
      check_grep "--no-requeue: the second job resumed the journal" "$err" "gridsearch: resuming:"
      check_grep "--no-requeue: the report went to the first job's .out" "$work/gridsearch.$j.out" "Best parameters set found"
      check_grep "--no-requeue: report.md counts 2 job runs" "$work/rs/report.md" "| job runs | 2 (resumed 1 time); wall time "
      check_csv "--no-requeue: cv_results.csv equals an uninterrupted run's" "$work/rs/cv_results.csv" "$tmp/ref_cancel/cv_results.csv"
    fi
  fi
fi
# A config changed between two runs: the requeued run refuses the journal
# (exit 2), with gridsearch's message in the job's .err, and is not requeued.
cp "$tmp/slurm_cancel.json" "$tmp/slurm_changed.json"
if submit --export=ALL,GRIDSEARCH="$gs" "$src/jobs/gridsearch.sbatch" "$tmp/slurm_changed.json" --out ch &&
  wait_records "$job" "$work/ch/journal" 10 60; then
  j=$job err=$work/gridsearch.$job.err
  sed -i 's/"C": \[0.1, 0.3,/"C": [0.2, 0.3,/' "$tmp/slurm_changed.json"
  cmp -s "$tmp/slurm_cancel.json" "$tmp/slurm_changed.json" && bad "test set-up: the config did not change"
  scancel --batch --signal=USR1 "$j"
  log "changed the config under job $j; scancel --batch --signal=USR1 job $j"
  if wait_job "$j" 300 && expect_exit "$j" "changed config: the requeued run refused the journal" 2:0; then
    r=$(job_field "$j" Restarts)
    [ "$r" = 1 ] && pass "changed config: requeued once (Restarts=1), not again" || bad "changed config: Restarts=$r, expected 1"
    check_grep "changed config: the job requeued itself" "$err" "gridsearch.sbatch: requeueing job $j (restart 1 of at most 100;"
    check_grep "changed config: gridsearch's refusal is in the job's .err" "$err" "the journal belongs to a different search"
  fi
fi
[ $fail = 0 ] || dump_logs
stop_cluster

# ============================================================ two nodes
log "two-node cluster (n1, n2 on this host)"
start_cluster two n1 n2
work=$tmp/work2
mkdir -p "$work"
if submit --nodes=2 --export=ALL,GRIDSEARCH="$gs" "$src/jobs/gridsearch-multinode.sbatch" "$src/configs/digits_svc.json" &&
  wait_job "$job" 90 && expect_exit "$job" "gridsearch-multinode.sbatch --nodes=2" 0:0; then
  j=$job
  nl=$(job_field "$j" NodeList)
  [ "$nl" = "n[1-2]" ] && pass "multinode: job NodeList=$nl" || bad "multinode: job NodeList=$nl, expected n[1-2]"
  check_grep "multinode: a rank on node n1" "$work/gridsearch-multinode.$j.err" "of 2 on node n1 "
  check_grep "multinode: a rank on node n2" "$work/gridsearch-multinode.$j.err" "of 2 on node n2 "
  check_grep "multinode: the search ran as 2 ranks x 4 threads" "$work/gridsearch-multinode.$j.err" "on 2 ranks x 4 threads"
  check_results "multinode" "$work/results/digits_svc"
  check_best "multinode" "$work/results/digits_svc"
  check_csv "multinode: cv_results.csv equals the single-process run's (timing aside)" "$work/results/digits_svc/cv_results.csv" "$tmp/ref_seed/cv_results.csv"
fi
# interrupted on two nodes (every rank gets TERM), then resumed
submit --nodes=2 --export=ALL,GRIDSEARCH="$gs" "$src/jobs/gridsearch-multinode.sbatch" "$tmp/slurm_cancel.json" && interrupt "$job" slurm_cancel step
if submit --nodes=2 --export=ALL,GRIDSEARCH="$gs" "$src/jobs/gridsearch-multinode.sbatch" "$tmp/slurm_cancel.json" --resume &&
  wait_job "$job" 120 && expect_exit "$job" "multinode --resume" 0:0; then
  check_csv "multinode resumed search: cv_results.csv equals the single-process run's" "$work/results/slurm_cancel/cv_results.csv" "$tmp/ref_cancel/cv_results.csv"
fi
# A rank paused (kill -STOP) once its tasks are all in (the journal's "E
# done"), until rank 0 has left: rank 0 waits --liveness (20 s, also its
# margin to write the reports while rank 1 is silent) for the answer to its
# goodbye, then leaves; the rank, continued, must still end (under srun,
# unlike mpirun, rank 0's MPI_Finalize does not wait for it).
slurm_rank_pid() { # JOBID RANK: the pid of that rank of that job
  local d kv a b comm
  for d in /proc/[0-9]*; do
    comm=
    read -r comm 2> /dev/null < "$d/comm"
    [ "$comm" = gridsearch ] || continue
    a= b=
    while IFS= read -r -d '' kv; do
      [ "$kv" = "SLURM_JOB_ID=$1" ] && a=1
      [ "$kv" = "SLURM_PROCID=$2" ] && b=1
    done 2> /dev/null < "$d/environ"
    [ -n "$a" ] && [ -n "$b" ] && { echo "${d#/proc/}"; return; }
  done
}
out=$work/results/paused
if submit --nodes=2 --export=ALL,GRIDSEARCH="$gs" "$src/jobs/gridsearch-multinode.sbatch" "$src/configs/digits_wide.json" --liveness 20 --out "$out"; then
  j=$job r0= r1=
  # the ranks' pids while the search runs (rank 1 leaves soon after "E done")
  for _ in $(seq 3000); do [ "$(grep -c '^T ' "$out/journal" 2> /dev/null)" -ge 1 ] 2> /dev/null && break; sleep 0.02; done
  r0=$(slurm_rank_pid "$j" 0) r1=$(slurm_rank_pid "$j" 1)
  for _ in $(seq 3000); do grep -q '^E done' "$out/journal" 2> /dev/null && break; sleep 0.002; done
  if [ -n "$r0" ] && [ -n "$r1" ] && kill -STOP "$r1" 2> /dev/null; then
    for _ in $(seq 3000); do kill -0 "$r0" 2> /dev/null || break; sleep 0.02; done
    kill -0 "$r0" 2> /dev/null && bad "paused rank: rank 0 (pid $r0) did not leave within 60 s of rank 1's pause"
    log "rank 0 has left; continuing rank 1 (pid $r1)"
    kill -CONT "$r1"
    if wait_job "$j" 90 && expect_exit "$j" "rank 1 paused until rank 0 left, then continued" 0:0; then
      check_csv "paused rank: cv_results.csv equals the single-process run's" "$out/cv_results.csv" "$tmp/ref_wide/cv_results.csv"
    fi
  else
    bad "paused rank: could not pause rank 1 of job $j at the end of its search (rank 0: ${r0:-not found}, rank 1: ${r1:-not found})"
    wait_job "$j" 90
  fi
fi
# The time-limit warning itself, on two nodes: --time=2 with the script's
# B:USR1 warning asked 60 s before the limit (--signal on the command line
# overrides the script's @120, which would fire at once on a 2-minute job).
# slurmctld sends it between about 30 and 60 s after the start; the batch
# shell passes it to srun, srun to both ranks; the job must end with status 3
# well before its limit.
# GS_MAX_RESTARTS=0: the restart bound keeps it from requeueing itself.
if submit --nodes=2 --time=2 --signal=B:USR1@60 --export=ALL,GRIDSEARCH="$gs",GS_MAX_RESTARTS=0 "$src/jobs/gridsearch-multinode.sbatch" "$tmp/slurm_timelimit.json"; then
  j=$job
  if wait_job "$j" 150 && expect_exit "$j" "time-limit warning (--time=2 --signal=B:USR1@60)" 3:0; then
    run_time=$(job_field "$j" RunTime)
    case "$run_time" in
      00:00:[0-9][0-9] | 00:01:[0-4][0-9]) pass "time-limit warning: the job ended after $run_time, before its 2-minute limit" ;;
      *) bad "time-limit warning: the job ran $run_time (the limit is 00:02:00)" ;;
    esac
    check_grep "time-limit warning: the ranks got SIGUSR1." "$work/gridsearch-multinode.$j.err" "interrupted by signal 10"
    check_grep "time-limit warning: not requeued past the restart bound, and says so" "$work/gridsearch-multinode.$j.err" "gridsearch-multinode.sbatch: not restarting: the restart bound is reached (0 restarts, GS_MAX_RESTARTS=0)"
    n=$(grep -c '^T ' "$work/results/slurm_timelimit/journal" 2> /dev/null)
    [ "${n:-0}" -gt 0 ] && [ "$n" -lt 48000 ] && pass "time-limit warning: results/slurm_timelimit/journal kept $n of 48000 task records" ||
      bad "time-limit warning: journal has ${n:-no} task records"
  fi
fi
[ $fail = 0 ] || dump_logs
stop_cluster

if [ $fail = 0 ]; then
  echo "PASS slurm: every job script on a one-node and a two-node Slurm [$(elapsed) s]"
else
  echo "FAIL slurm: see the FAIL lines above [$(elapsed) s]"
fi
exit $fail
