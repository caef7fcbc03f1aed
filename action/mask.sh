#!/usr/bin/env bash
# Masks the credentials the action was given, whole and by their secret part (GitHub masks a secret's whole value,
# not the private key inside `digest:PUB:PRIV` once a program splits it off), before any step can print them.
set -euo pipefail
mask() {
  local value="$1"
  [[ -n "$value" ]] || return 0
  echo "::add-mask::$value"
  local kind="${value%%:*}" rest="${value#*:}"
  case "$kind" in
    digest | service-account) [[ "$rest" == *:* ]] && echo "::add-mask::${rest#*:}" ;;
    bearer) [[ -n "$rest" ]] && echo "::add-mask::$rest" ;;
  esac
  return 0
}
mask "${SC_AUTH:-}"
mask "${SC_READONLY_AUTH:-}"
