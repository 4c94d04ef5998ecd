# Shared by the scripts in bin/: installs what dtable-cluster needs on a Debian machine.

# Runs a command as root, through sudo when we are not root already.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs Debian packages that provide the given commands, when a command is missing.
# Usage: ensure_command etcd etcd-server
ensure_command() {
    local cmd=$1 pkg=$2
    command -v "$cmd" >/dev/null 2>&1 && return 0
    echo "dtable-cluster: '$cmd' is missing; installing Debian package '$pkg'" >&2
    if [ -z "${APT_UPDATED:-}" ]; then
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
    command -v "$cmd" >/dev/null 2>&1 || { echo "dtable-cluster: installing $pkg did not provide '$cmd'" >&2; return 1; }
}

ensure_build_tools() {
    command -v java >/dev/null 2>&1 || { echo "dtable-cluster: Java 17 is required (java not found)" >&2; return 1; }
    command -v mvn >/dev/null 2>&1 || ensure_command mvn maven
}

ensure_etcd() {
    ensure_command etcd etcd-server
    ensure_command etcdctl etcd-client
}

# The end-to-end tests load the admin page in a headless browser.
ensure_chromium() {
    ensure_command chromium chromium
}
