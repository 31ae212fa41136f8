#!/usr/bin/env bash
# The dependencies go one way (docs/design.md section 2): nothing under
# hv/arch/ includes hv/core/; nothing under hv/core/ names a vmx, VMX_ or
# EXIT_REASON_ symbol, nor an svm, SVM_, vmcb or npt one; no include circle between the folders hv/core,
# hv/mm, hv/arch, hv/dev, hv/lib, hv/net, boot and include; no source file over
# 600 lines and no function over 60 (hv/, boot/, guest-stub/, tools/).
# Each check also runs on a copy of the tree with one violation put in,
# and must catch it.
. "$(dirname "$0")/../lib/lib.sh"

CC=${CC:-cc}

# files ROOT DIR...: the C and assembly sources under the folders.
files() {
	local root=$1
	shift
	(cd "$root" && for d in "$@"; do
		[ -d "$d" ] && find "$d" -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' \)
	done | sort)
}

# arch_includes_core ROOT: the lines of hv/arch/ that include hv/core/.
arch_includes_core() {
	(cd "$1" && grep -rn '#include "hv/core/' hv/arch)
}

# core_names_vmx ROOT: the identifiers of hv/core/ (comments and string
# literals left out) that contain vmx, VMX_ or EXIT_REASON_, or SVM's
# svm, SVM_, vmcb, VMCB_, npt, NPT_.
core_names_vmx() {
	local f
	for f in $(files "$1" hv/core); do
		"$CC" -fpreprocessed -dD -E -P -x c "$1/$f" 2>/dev/null |
			sed -E 's/"([^"\\]|\\.)*"//g; s/'"'"'([^'"'"'\\]|\\.)*'"'"'//g' |
			grep -oE '[A-Za-z_][A-Za-z0-9_]*' |
			grep -E 'vmx|VMX_|EXIT_REASON_|svm|SVM_|vmcb|VMCB_|npt|NPT_' | sed "s|^|$f: |"
	done
}

# group PATH: the folder a file or an include path belongs to.
group() {
	case $1 in
	hv/core/*) echo hv/core ;;
	hv/mm/*) echo hv/mm ;;
	hv/arch/*) echo hv/arch ;;
	hv/dev/*) echo hv/dev ;;
	hv/lib/*) echo hv/lib ;;
	hv/net/*) echo hv/net ;;
	boot/*) echo boot ;;
	include/* | ballast/*) echo include ;;
	esac
}

# folder_edges ROOT: "FROM TO" for every include from one folder into
# another.
folder_edges() {
	local f from inc to
	for f in $(files "$1" hv/core hv/mm hv/arch hv/dev hv/lib hv/net boot include); do
		from=$(group "$f")
		sed -nE 's/^#include ["<]([^">]+)[">].*/\1/p' "$1/$f" | while read -r inc; do
			to=$(group "$inc")
			[ -n "$to" ] && [ "$to" != "$from" ] && echo "$from $to"
		done
	done | sort -u
}

# include_circle ROOT: what tsort says about a circle of folders, if any.
include_circle() {
	folder_edges "$1" | tsort 2>&1 >/dev/null
}

# long_files ROOT: sources over 600 lines.
long_files() {
	(cd "$1" && files . hv boot guest-stub tools | xargs wc -l |
		awk '$2 != "total" && $1 > 600 { print $2 ": " $1 " lines" }')
}

# long_functions ROOT: functions over 60 lines, from the line of their
# opening brace (alone at the start of a line, as every function here has
# it) to the closing one.
long_functions() {
	(cd "$1" && files . hv boot guest-stub tools | grep -v '\.S$' |
		xargs awk '
			FNR == 1 { start = 0 }
			/^\{$/ { start = FNR; name = prev }
			/^\}/ && start {
				if (FNR - start + 1 > 60)
					print FILENAME ": " name ": " FNR - start + 1 " lines"
				start = 0
			}
			{ prev = $0 }')
}

# none NAME CHECK ROOT: NAME holds when CHECK finds nothing in ROOT.
none() {
	local found
	found=$("$2" "$3")
	check "$1" [ -z "$found" ]
	[ -z "$found" ] || echo "$found" | sed 's/^/# /' | head -n 20
}

none "nothing under hv/arch/ includes hv/core/" arch_includes_core .
none "nothing under hv/core/ names a vmx, VMX_ or EXIT_REASON_ symbol, nor an SVM one" core_names_vmx .
none "no include circle between hv/core, hv/mm, hv/arch, hv/dev, hv/lib, hv/net, boot and include" include_circle .
none "no source file over 600 lines" long_files .
none "no function over 60 lines" long_functions .
echo "# folders: $(folder_edges . | tr '\n' ',' | sed 's/ / -> /g; s/,$//; s/,/, /g')"

# Each check catches what it is for, in a copy of the tree with one
# violation put in.
work=$(mktemp -d /tmp/ballast-layering.XXXXXX)
trap 'rm -rf "$work"' EXIT
git ls-files -z --cached --others --exclude-standard -- hv boot include guest-stub tools |
	tar -c --null -T - -f - | tar -x -C "$work" -f -

# caught NAME CHECK EDIT: after the shell command EDIT in the copy, CHECK
# finds something; the copy is put back afterwards.
caught() {
	local saved=$work.saved
	rm -rf "$saved" && cp -a "$work" "$saved"
	(cd "$work" && eval "$3")
	check "$1" [ -n "$("$2" "$work")" ]
	rm -rf "$work" && mv "$saved" "$work"
}

caught "an arch file that includes a core header is caught" arch_includes_core \
	"echo '#include \"hv/core/guest.h\"' >> hv/arch/x86/virt.c"
caught "a core file that names a VMX symbol is caught" core_names_vmx \
	"echo 'static int vmx_x; /* in a comment: EXIT_REASON_HLT */' >> hv/core/exit.c"
caught "a core file that names EXIT_REASON_MAX is caught" core_names_vmx \
	"echo 'enum { n = EXIT_REASON_MAX };' >> hv/core/exit.c"
caught "a core file that names an SVM symbol is caught" core_names_vmx \
	"echo 'enum { n = SVM_EXIT_NPF };' >> hv/core/exit.c"
caught "a core file that names the VMCB is caught" core_names_vmx \
	"echo 'struct vmcb *v;' >> hv/core/exit.c"
caught "an include circle between folders is caught" include_circle \
	"echo '#include \"hv/core/guest.h\"' >> hv/mm/p2m.h"
caught "a file over 600 lines is caught" long_files \
	"seq 601 | sed 's|^|// |' > hv/lib/long.c"
caught "a function over 60 lines is caught" long_functions \
	"{ echo 'void f(void)'; echo '{'; seq 59 | sed 's|.*|\t;|'; echo '}'; } >> hv/lib/string.c"
(cd "$work" && echo 'static const char *s = "vmx EXIT_REASON_"; /* VMX_ */' >> hv/core/exit.c)
check "a comment or a string that says VMX is no symbol" [ -z "$(core_names_vmx "$work")" ]
