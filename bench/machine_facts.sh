# Sourced by the bench scripts: machine_facts prints the facts every results file records.
machine_facts() {
  echo "date_utc: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cpu_family_model_stepping: $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')/$(grep -m1 '^model[[:space:]]*:' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')/$(grep -m1 'stepping' /proc/cpuinfo | cut -d: -f2 | tr -d ' ')"
  echo "hypervisor: $(grep -qw hypervisor /proc/cpuinfo && echo yes || echo no)"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "dotnet_sdk: $(dotnet --version)"
  echo "dotnet_runtime: $(dotnet --list-runtimes | grep -m1 'Microsoft.NETCore.App' | cut -d' ' -f2)"
}
