#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make demo": build everything for s390x, boot the VM, load the modules with
# modprobe and show them at work (guest/demo.sh is the script the VM runs).
#
#   demo.sh [--arch s390x|x86_64]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
arch=s390x
[ "${1:-}" = --arch ] && arch=$2
exec "$here/run.sh" --arch "$arch" --timeout 900 \
	--add "$here/guest/demo.sh:/zmdev/bin/zmdev-demo" -- 'sh /zmdev/bin/zmdev-demo'
