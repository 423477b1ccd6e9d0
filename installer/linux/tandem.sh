#!/bin/sh
# /usr/bin/tandem: starts Tandem from its bundle under /opt/tandem. The path is taken relative to
# this script so that a package unpacked into a scratch root (the installer tests) runs its own
# bundle, not one installed on the machine.
here=$(dirname "$(readlink -f "$0")")
exec "$here/../../opt/tandem/tandem" "$@"
