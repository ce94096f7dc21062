#!/bin/sh
# install_peers.sh -- install the reference R packages for tests/ref/spc from
# their public source into a private library (default /tmp/fp_rlib), with
# Debian's R 4.2 and Debian's r-cran-* packages (dplyr 1.0.10, plotly, rsvg,
# base64enc from apt).
#
#   NHSRplotthedots  github:nhs-r-community/NHSRplotthedots
#                    commit 050b07d7eacc011767532732f69b8fd7d6a28fd3 (version 0.2.2)
#   NHSRdatasets     github:nhs-r-community/NHSRdatasets
#                    commit 7fe35a54a3aa380ad6008d872ae465d092aa11b0
#
# NHSRplotthedots 0.2.2 needs dplyr >= 1.1 for two things only: it imports
# dplyr::pick (never called) and writes case_when(..., .default = X). Debian
# has dplyr 1.0.10, so the copy installed here drops pick from the import and
# spells .default = X as TRUE ~ X, which case_when treats identically. No
# calculation is changed.
#
# Usage: install_peers.sh PTD_SRC_DIR NHSRDATASETS_SRC_DIR [RLIB]
# (the source trees, e.g. git archive of the commits above).
set -eu
ptd=$1; ds=$2; lib=${3:-/tmp/fp_rlib}
mkdir -p "$lib"
sed -i 's/^#'"'"' @importFrom dplyr across if_all if_any pick/#'"'"' @importFrom dplyr across if_all if_any/' \
    "$ptd/R/NHSRplotthedots-package.R"
sed -i 's/importFrom(dplyr,pick)//' "$ptd/NAMESPACE"
sed -i 's/\.default = /TRUE ~ /' "$ptd/R/ptd_calculate_point_type.R"
R CMD INSTALL -l "$lib" "$ds"
R CMD INSTALL -l "$lib" "$ptd"
