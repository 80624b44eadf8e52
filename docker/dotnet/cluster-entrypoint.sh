#!/bin/sh
# Entrypoint of the DeepSync web and silo images: works out where this replica listens and which address it
# advertises to the other silos, then execs the host ("$@", e.g. dotnet DeepSync.Web.dll).
#
#  - HTTP (web image): Kestrel listens on every interface, IPv4 and IPv6, on ${PORT:-8080} (Railway injects
#    PORT), unless ASPNETCORE_URLS or ASPNETCORE_HTTP_PORTS is set explicitly.
#  - DeepSync__Cluster__AdvertisedAddress: kept when set. Otherwise this replica's own private address:
#    on Railway the local address that RAILWAY_PRIVATE_DOMAIN (<service>.railway.internal, which resolves to
#    the addresses of every replica of the service) also lists; elsewhere (Docker, compose) the first local
#    address. Without an advertised address Orleans would advertise 127.0.0.1 and no other silo could reach
#    this one.
#  - DeepSync__Cluster__ListenOnAnyInterface: Orleans binds 0.0.0.0 when it is true, which accepts IPv4 only.
#    When the advertised address is IPv6 (Railway's private network), it is switched off so the silo binds
#    exactly that IPv6 address; otherwise other silos could not connect.
#
# It prints addresses and ports, never connection strings or other settings.
set -eu

log() { printf 'deepsync-entrypoint: %s\n' "$*" >&2; }

if [ -z "${ASPNETCORE_URLS:-}" ]; then
  # The HTTP_PORTS form binds all interfaces (dual-stack) without the "overriding HTTP_PORTS" warning.
  ASPNETCORE_HTTP_PORTS="${PORT:-8080}"
  export ASPNETCORE_HTTP_PORTS
fi

# Local addresses, one a line, without loopback and IPv6 link-local ones.
local_addresses() {
  if command -v hostname > /dev/null 2>&1 && hostname -I > /dev/null 2>&1; then
    for a in $(hostname -I); do printf '%s\n' "$a"; done
    return
  fi

  # Fallback without the hostname tool: the kernel's own tables. IPv4: local /32 entries of the FIB trie;
  # IPv6: global-scope addresses (printed uncompressed, which .NET parses all the same).
  if [ -r /proc/net/fib_trie ]; then
    awk '/\|--/ { ip = $2 } /\/32 host LOCAL/ { print ip }' /proc/net/fib_trie | grep -v '^127\.' | sort -u
  fi
  if [ -r /proc/net/if_inet6 ]; then
    awk '$6 != "lo" && $4 == "00" { a = ""; for (i = 1; i <= 32; i += 4) a = a (i > 1 ? ":" : "") substr($1, i, 4); print a }' /proc/net/if_inet6
  fi
}

# The replica's address that the service's private DNS name lists, IPv6 first (works in legacy IPv6-only
# Railway environments and in dual-stack ones alike).
railway_address() {
  domain="$1"
  resolved="$(getent ahosts "$domain" 2> /dev/null | awk '{ print $1 }' | sort -u || true)"
  [ -n "$resolved" ] || return 1
  match=""
  for family in v6 v4; do
    for a in $(local_addresses); do
      case "$a" in *:*) f=v6 ;; *) f=v4 ;; esac
      [ "$f" = "$family" ] || continue
      if printf '%s\n' "$resolved" | grep -qxF "$a"; then
        match="$a"
        break 2
      fi
    done
  done
  [ -n "$match" ] || return 1
  printf '%s\n' "$match"
}

first_address() {
  # Prefer a unique-local IPv6 (Railway's private network is fd00::/8) when on Railway, else the first IPv4.
  prefer="$1"
  addresses="$(local_addresses)"
  if [ "$prefer" = "v6" ]; then
    a="$(printf '%s\n' "$addresses" | grep -iE '^f[cd][0-9a-f]{2}:' | head -n 1 || true)"
    [ -n "$a" ] && { printf '%s\n' "$a"; return 0; }
  fi
  a="$(printf '%s\n' "$addresses" | grep -v ':' | head -n 1 || true)"
  [ -n "$a" ] || a="$(printf '%s\n' "$addresses" | head -n 1 || true)"
  [ -n "$a" ] || return 1
  printf '%s\n' "$a"
}

if [ -z "${DeepSync__Cluster__AdvertisedAddress:-}" ]; then
  address=""
  source=""
  if [ -n "${RAILWAY_PRIVATE_DOMAIN:-}" ]; then
    # A new replica may take a moment to appear in the private DNS.
    wait_seconds="${DEEPSYNC_ADVERTISE_DNS_WAIT_SECONDS:-20}"
    i=0
    while [ "$i" -lt "$wait_seconds" ]; do
      if address="$(railway_address "$RAILWAY_PRIVATE_DOMAIN")"; then
        source="$RAILWAY_PRIVATE_DOMAIN"
        break
      fi
      address=""
      i=$((i + 1))
      sleep 1
    done
    if [ -z "$address" ] && address="$(first_address v6)"; then
      source="local interfaces (not found in $RAILWAY_PRIVATE_DOMAIN)"
    fi
  elif address="$(first_address v4)"; then
    source="local interfaces"
  fi

  if [ -n "$address" ]; then
    DeepSync__Cluster__AdvertisedAddress="$address"
    export DeepSync__Cluster__AdvertisedAddress
    log "advertising silo address $address (from $source)"
  else
    log "WARNING: no private address found; the silo advertises 127.0.0.1 and cannot join other silos"
  fi
else
  log "advertising silo address ${DeepSync__Cluster__AdvertisedAddress} (configured)"
fi

case "${DeepSync__Cluster__AdvertisedAddress:-}" in
  *:*)
    case "${DeepSync__Cluster__ListenOnAnyInterface:-false}" in
      [Tt]rue)
        DeepSync__Cluster__ListenOnAnyInterface=false
        export DeepSync__Cluster__ListenOnAnyInterface
        log "IPv6 advertised address: silo and gateway bind it directly (ListenOnAnyInterface would bind IPv4 0.0.0.0 only)"
        ;;
    esac
    ;;
esac

exec "$@"
