# bash completion for gotrace -*- shell-script -*-
# Subcommands, options, --mode and --color values, trace files for the
# subcommands that read traces, and the command after the options.

_gotrace()
{
    local cur prev words cword
    _init_completion || return

    local subs="report diff env export probe verify repro"
    local opts="-o -q -v --json --color --stall --timeout --max-trace --mode --no-latency-hint --no-shim-opens --opens --open-notify --help --version"

    case $prev in
        --mode)
            COMPREPLY=($(compgen -W "auto ptrace preload" -- "$cur"))
            return
            ;;
        --opens)
            COMPREPLY=($(compgen -W "auto kernel ptrace notify" -- "$cur"))
            return
            ;;
        -o)
            _filedir
            return
            ;;
        --stall | --timeout | --max-trace)
            return
            ;;
    esac
    if [[ $cur == --color=* ]]; then
        COMPREPLY=($(compgen -W "auto always never" -- "${cur#--color=}"))
        return
    fi

    # the subcommand, when the first word is one
    local sub=${words[1]}
    case $sub in
        report)
            [[ $cur == -* ]] && COMPREPLY=($(compgen -W "-v --json --html --color --against" -- "$cur")) || _filedir jsonl
            return
            ;;
        diff | env)
            [[ $cur == -* ]] && COMPREPLY=($(compgen -W "--json" -- "$cur")) || _filedir jsonl
            return
            ;;
        export)
            [[ $cur == -* ]] && COMPREPLY=($(compgen -W "--perfetto" -- "$cur")) || _filedir jsonl
            return
            ;;
        probe)
            COMPREPLY=($(compgen -W "--json --quick --timeout" -- "$cur"))
            return
            ;;
        verify)
            [[ $cur == -* ]] && COMPREPLY=($(compgen -W "--json --proxy --sumdb --timeout" -- "$cur")) || _filedir -d
            return
            ;;
        repro)
            if [[ $prev == -C ]]; then
                _filedir -d
            elif [[ $cur == -* ]]; then
                COMPREPLY=($(compgen -W "--dry-run --keep --clean --compare -o -C" -- "$cur"))
            else
                _filedir jsonl
            fi
            return
            ;;
    esac

    # after the options, the command and its arguments complete as commands do
    local i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            -o | --mode | --stall | --timeout | --max-trace) ((i++)) ;;
            -*) ;;
            *)
                _command_offset $i
                return
                ;;
        esac
    done
    if ((cword == 1)) && [[ $cur != -* ]]; then
        COMPREPLY=($(compgen -W "$subs" -- "$cur") $(compgen -c -- "$cur"))
        return
    fi
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
} && complete -F _gotrace gotrace
