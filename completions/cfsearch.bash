# bash completion for cfsearch(1): commands, options, --db paths.
# Installed as $(datadir)/bash-completion/completions/cfsearch.

_cfsearch()
{
	local cur prev words cword cmd i
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	}
	local commands="search index show status roots forget compact"
	local common="--db --help --version"
	local search="--limit -n --offset --json --color --since --until --sort --per-article
		--bm25 --rank --no-variants --no-expand --all --all-words --full --count -c
		--files-with-matches -l --vimgrep --no-pager --pager --partial --timeout
		--no-json --no-full --no-all --no-all-words --no-vimgrep --no-partial --variants --expand"
	local index="--quiet -q --verbose -v --exclude --wait --retry-failed --rebuild --batch
		--shard --jobs -j"

	case $prev in
	--db|--exclude)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--color|--colour)
		COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	--sort)
		COMPREPLY=($(compgen -W "relevance date oldest" -- "$cur")); return ;;
	--rank)
		COMPREPLY=($(compgen -W "full plain" -- "$cur")); return ;;
	--limit|-n|--offset|--since|--until|--per-article|--bm25|--timeout|--wait|--batch|--shard|--jobs|-j|--pager)
		return ;;
	esac
	cmd=search
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--db|--exclude|--color|--colour|--sort|--rank|--limit|-n|--offset|--since|--until|\
--per-article|--bm25|--timeout|--wait|--batch|--shard|--jobs|-j|--pager)
			i=$((i + 1)) ;;
		-*) ;;
		*)
			case " $commands " in *" ${words[i]} "*) cmd=${words[i]} ;; esac
			break ;;
		esac
	done
	if [[ $cur == -* ]]; then
		case $cmd in
		search) COMPREPLY=($(compgen -W "$common $search" -- "$cur")) ;;
		index) COMPREPLY=($(compgen -W "$common $index" -- "$cur")) ;;
		show|status) COMPREPLY=($(compgen -W "$common --json" -- "$cur")) ;;
		forget) COMPREPLY=($(compgen -W "$common --wait --exclude" -- "$cur")) ;;
		compact) COMPREPLY=($(compgen -W "$common --wait" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$common" -- "$cur")) ;;
		esac
		return
	fi
	case $cmd in
	index|show|forget) COMPREPLY=($(compgen -f -- "$cur")) ;;
	search)
		[[ $i -ge $cword ]] && COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	esac
}
complete -F _cfsearch cfsearch
