#!/bin/sh
# Copies the test fixtures and example workbooks into corpus/<target>/ as starting inputs
# for the fuzz targets. Run from the fuzz folder: ./seed_corpus.sh
#
# xls_far_cell.xls is left out: calamine builds a dense range of about 1 GB for every
# mutation of it, which slows a target down to one run a second.
set -eu
root=..
seed() {
    target=$1
    shift
    mkdir -p "corpus/$target"
    for pattern in "$@"; do
        for file in $root/tests/fixtures/*/$pattern $root/examples/data/$pattern; do
            case "$file" in *xls_far_cell.xls) continue ;; esac
            [ -f "$file" ] && cp "$file" "corpus/$target/" || true
        done
    done
}
seed read_xlsx '*.xlsx'
seed read_xls '*.xls'
seed read_ods '*.ods'
seed read_csv '*.csv'
seed read_html 'web_page*'
seed read_any '*.xlsx' '*.xls' '*.ods' '*.csv'
seed draw_form '*.xlsx' '*.xls' '*.ods' '*.csv'
