# make_ref.R -- expected quantile groups for tests/unit/test_compare.c
# (phe_quantile_ref) and tests/cli/test_compare_quantile.sh, made by
# PHEindicatormethods' own phe_quantile.
#
#   PHE_SRC=/path/to/PHEindicatormethods Rscript tests/ref/quantile/make_ref.R
#   (from the repository root)
#
# PHE_SRC is a checkout of github:ukhsa-collaboration/PHEindicatormethods at
# commit 093fd288 (git archive 093fd288 R | tar -x). The package needs
# R >= 4.3 and dplyr >= 1.1; Debian 12 has R 4.2.2 and dplyr 1.0.10, on
# which R/Quantiles.R runs after one spelling change made here at load
# time: case_when(..., .default = X) (dplyr 1.1) is written TRUE ~ X, which
# case_when treats identically (the same change tests/ref/spc/install_peers.sh
# makes for NHSRplotthedots). Nothing else is edited.
#
# Writes tests/ref/quantile/quantile_expected.csv: one row per value and
# call: case, set (the group_by label; "all" when ungrouped), row (1-based
# within the case), value, k (nquantiles), invert, quantile (empty = NA).
suppressPackageStartupMessages({ library(dplyr); library(rlang) })
src <- readLines(file.path(Sys.getenv("PHE_SRC"), "R", "Quantiles.R"))
src <- gsub(".default = ", "TRUE ~ ", src, fixed = TRUE)
eval(parse(text = src))
options(digits = 17)
out <- "tests/ref/quantile"

set.seed(20261207)
# Generated: 60 values with many ties (whole numbers 1..15) and 5 NAs, in
# three sets of 30, 21 and 9 (the last has fewer than 10 values).
gen <- data.frame(set = rep(c("A", "B", "C"), c(30, 21, 9)),
                  value = sample(1:15, 60, replace = TRUE))
gen$value[c(3, 17, 33, 40, 58)] <- NA
gen$row <- seq_len(nrow(gen))
# The injuries export: 90284, Persons, counties and UAs, 2023/24, with
# their regions. The export's Parent Code is England for every one, so the
# region comes from datasets/areas.csv by ONS code, with Inner and Outer
# London (DfE's split, which fingerpost's region comparator keeps) as the
# one London region Fingertips groups by.
inj <- read.csv("datasets/fingertips_injuries_0to14_90284.csv", check.names = FALSE,
                fileEncoding = "UTF-8-BOM")
inj <- unique(inj)
inj <- inj[inj[["Time period"]] == "2023/24" & inj$Sex == "Persons" &
           inj[["Category Type"]] == "" &
           inj[["Area Type"]] == "Counties & UAs (from Apr 2023)", ]
areas <- read.csv("datasets/areas.csv")
region <- areas$region[match(inj[["Area Code"]], areas$ons_code)]
region[region %in% c("Inner London", "Outer London")] <- "London"
stopifnot(!is.na(region), region != "")
real <- data.frame(set = region, value = inj$Value, code = inj[["Area Code"]])
real$row <- seq_len(nrow(real))

res <- list()
run <- function(case, d, grouped, k, inv) {
  g <- if (grouped) group_by(d, set) else d
  q <- suppressWarnings(phe_quantile(g, value, nquantiles = k, invert = inv))
  q <- as.data.frame(q)
  res[[length(res) + 1]] <<- data.frame(
    case = case, set = if (grouped) q$set else "all", row = q$row,
    code = if ("code" %in% names(q)) q$code else "",
    value = q$value, k = k, invert = inv, quantile = q$quantile)
}
for (grouped in c(FALSE, TRUE)) for (k in c(3L, 4L, 5L, 7L, 10L)) for (inv in c(TRUE, FALSE))
  run(if (grouped) "gen_by_set" else "gen", gen, grouped, k, inv)
for (grouped in c(FALSE, TRUE)) for (k in c(5L, 10L)) for (inv in c(TRUE, FALSE))
  run(if (grouped) "injuries_by_region" else "injuries", real, grouped, k, inv)
write.csv(do.call(rbind, res), file.path(out, "quantile_expected.csv"), row.names = FALSE,
          na = "")
