#!/usr/bin/env bash
# Installs and starts a real single-node Slurm on this (Debian) machine, for the tests that submit
# `fundsim slurm-script` job arrays: munge for authentication, slurmctld and slurmd as root, one
# partition `debug` holding this host with all its cores. Needs root. Idempotent: daemons already
# running are left alone. Stop them with stop-slurm.sh (by their pid files).
#
#   sh Notebooks/slurm/start-slurm.sh && (cd Notebooks/fundsim-py && pytest -m slurm)
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "start-slurm.sh: needs root (it installs packages and starts daemons)" >&2
    exit 1
fi
if ! command -v slurmctld >/dev/null 2>&1 || ! command -v slurmd >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
    echo "== installing slurm-wlm and munge"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge
fi

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# --- munge: a key, its folders owned by the munge user, the daemon --------------------------------
mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge
chmod 0700 /etc/munge /var/lib/munge /var/log/munge
chmod 0755 /run/munge
chmod 0400 /etc/munge/munge.key
if ! alive /run/munge/munged.pid; then
    runuser -u munge -- /usr/sbin/munged
fi
munge -n | unmunge >/dev/null

# --- slurm.conf for this one host --------------------------------------------------------------------
host=$(hostname -s)
# The node line as slurmd sees the hardware (CPUs, sockets, cores, threads, memory), less 512 MiB of memory.
node=$(slurmd -C | head -1)
memory=$(printf '%s\n' "$node" | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
node=$(printf '%s\n' "$node" | sed "s/RealMemory=[0-9]*/RealMemory=$((memory > 1024 ? memory - 512 : memory))/")
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat > /etc/slurm/slurm.conf <<EOF
# Written by fundsim's Notebooks/slurm/start-slurm.sh: a single-node test cluster.
ClusterName=fundsim-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1024
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
SlurmdTimeout=60
InactiveLimit=0
MinJobAge=300
$node State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

# --- the daemons ---------------------------------------------------------------------------------------
if ! alive /run/slurmctld.pid; then
    slurmctld
fi
if ! alive /run/slurmd.pid; then
    slurmd
fi

# Wait until the node takes jobs.
for _ in $(seq 1 60); do
    state=$(sinfo -h -n "$host" -o '%T' 2>/dev/null || true)
    case "$state" in
        idle*|mixed*|allocated*) echo "== slurm is up: node $host $state ($(sinfo -h -o '%c CPUs, %m MB' -n "$host"))"; exit 0;;
        down*|drain*) scontrol update NodeName="$host" State=RESUME 2>/dev/null || true;;
    esac
    sleep 1
done
echo "start-slurm.sh: the node did not become idle in 60 s; sinfo says '${state:-nothing}'" >&2
tail -20 /var/log/slurm/slurmctld.log /var/log/slurm/slurmd.log >&2 || true
exit 1
