# make_ref.R -- expected SII and RII for tests/cli/test_rates_sii.sh, made by
# PHEindicatormethods' own phe_sii.
#
#   PHE_SRC=/path/to/PHEindicatormethods Rscript make_ref.R   (in this directory)
#
# PHE_SRC is a checkout of github:ukhsa-collaboration/PHEindicatormethods at
# commit 093fd288. The package needs R >= 4.3 and dplyr >= 1.1 to install;
# Debian 12 has R 4.2.2 and dplyr 1.0.10, on which R/SII_function.R and
# R/utils.R (FindXValues, SimulationFunc) run unchanged, so this script
# sources those two files (nothing in them is edited).
#
# Input: the package's own SII test data (tests/testthat/testdata_SII.xlsx,
# converted unchanged to ../phe/testdata_SII__testdata_SII.csv). Each case
# below is a block of its rows (by RecordNo) and the arguments its
# testSII.R call uses, with confidence = c(0.95, 0.998), rii = TRUE,
# intercept = TRUE. Each area is run alone, after set.seed(1) (fingerpost's
# default seed, FP_SII_DEFAULT_SEED), so the simulated limits must agree
# with fingerpost's exactly (fingerpost draws R's own random numbers):
#   phe_sii(area_rows, Quantile, Population, value = Value, value_type = VT,
#           se = StandardError | lower_cl = LowerCL, upper_cl = UpperCL,
#           transform = TR, multiplier = M, repetitions = R,
#           confidence = c(0.95, 0.998), rii = TRUE, intercept = TRUE,
#           type = "standard")
# Writes sii_input.csv (case, area, quantile, population, value, lowercl,
# uppercl, se) and sii_expected.csv (case, area, sii, rii, intercept and
# the limits; %.17g), and sii_analytic.csv (below).
suppressPackageStartupMessages({ library(dplyr); library(purrr); library(tidyr) })
src <- Sys.getenv("PHE_SRC", "/tmp/h20b_src/phe")
source(file.path(src, "R", "utils.R"))
source(file.path(src, "R", "SII_function.R"))

td <- read.csv("../phe/testdata_SII__testdata_SII.csv", stringsAsFactors = FALSE)
cases <- list(
  list(id = "LE_SE",     rows = 1:20,    vt = 0, ci = "se"),
  list(id = "LE_CL",     rows = 1:20,    vt = 0, ci = "cl"),
  list(id = "LE_10K",    rows = 41:60,   vt = 0, ci = "se", reps = 10000),
  list(id = "LE_QUINT",  rows = 61:70,   vt = 0, ci = "se"),
  list(id = "RATE_SE",   rows = 71:90,   vt = 1, ci = "se"),
  list(id = "RATE_CL",   rows = 71:90,   vt = 1, ci = "cl"),
  list(id = "PROP_CL",   rows = 91:110,  vt = 2, ci = "cl"),
  list(id = "PROP_X100", rows = 111:130, vt = 2, ci = "cl", mult = 100),
  list(id = "PROP_XM100", rows = 131:150, vt = 2, ci = "cl", mult = -100),
  list(id = "RATE_LOG",  rows = 306:325, vt = 1, ci = "cl", tr = TRUE),
  list(id = "RATE_LOG_NEG", rows = 386:405, vt = 1, ci = "cl", tr = TRUE, mult = -1),
  list(id = "RATE_LOG_HALF", rows = 306:325, vt = 1, ci = "cl", tr = TRUE, mult = 0.5),
  list(id = "PROP_LOGIT", rows = 326:345, vt = 2, ci = "cl", tr = TRUE),
  list(id = "PROP_LOGIT_NEG", rows = 346:365, vt = 2, ci = "cl", tr = TRUE, mult = -1)
)
inp <- list(); out <- list()
for (cs in cases) {
  d <- td[td$RecordNo %in% cs$rows, ]
  reps <- if (is.null(cs$reps)) 100000 else cs$reps
  mult <- if (is.null(cs$mult)) 1 else cs$mult
  tr <- isTRUE(cs$tr)
  for (a in unique(d$Area)) {
    da <- d[d$Area == a, c("Quantile", "Population", "Value", "LowerCL", "UpperCL",
                           "StandardError")]
    set.seed(1)
    r <- if (cs$ci == "se")
      phe_sii(da, Quantile, Population, value = Value, value_type = cs$vt, se = StandardError,
              transform = tr, multiplier = mult, repetitions = reps,
              confidence = c(0.95, 0.998), rii = TRUE, intercept = TRUE, type = "standard")
    else
      phe_sii(da, Quantile, Population, value = Value, value_type = cs$vt, lower_cl = LowerCL,
              upper_cl = UpperCL, transform = tr, multiplier = mult, repetitions = reps,
              confidence = c(0.95, 0.998), rii = TRUE, intercept = TRUE, type = "standard")
    r <- as.data.frame(r)
    # With transform the package names the limits without "cl" (sii_lower95_0).
    f <- function(k) sprintf("%.17g", if (is.null(r[[k]])) r[[sub("cl$", "", k)]] else r[[k]])
    out[[length(out) + 1]] <- data.frame(
      case = cs$id, area = a, sii = f("sii"), rii = f("rii"), intercept = f("intercept"),
      sii_lower95_0cl = f("sii_lower95_0cl"), sii_upper95_0cl = f("sii_upper95_0cl"),
      sii_lower99_8cl = f("sii_lower99_8cl"), sii_upper99_8cl = f("sii_upper99_8cl"),
      rii_lower95_0cl = f("rii_lower95_0cl"), rii_upper95_0cl = f("rii_upper95_0cl"),
      rii_lower99_8cl = f("rii_lower99_8cl"), rii_upper99_8cl = f("rii_upper99_8cl"))
    inp[[length(inp) + 1]] <- data.frame(case = cs$id, area = a, quantile = da$Quantile,
                                         population = da$Population, value = da$Value,
                                         lowercl = da$LowerCL, uppercl = da$UpperCL,
                                         se = da$StandardError)
  }
}
write.csv(bind_rows(inp), "sii_input.csv", row.names = FALSE, na = "")
write.csv(bind_rows(out), "sii_expected.csv", row.names = FALSE)
cat(R.version.string, "\n")

# The analytic alternative (fingerpost's --sii-ci analytic), computed here
# from its definition with R's matrix algebra, independently of the C code:
# coefficients (c, s) = A y with A = (X'X)^-1 X' diag(sqrt(a)), X = [sqrt(a),
# b sqrt(a)]; Var = A diag(v) A', v = se^2 (normal) or (value x se)^2 (rate,
# delta method from the log scale); SII limits s -/+ z sd(s); RII (c+s)/c
# with the delta-method variance. Cases LE_SE and RATE_CL, both areas.
an <- list()
for (cs in cases[c(1, 6)]) {
  d <- td[td$RecordNo %in% cs$rows, ]
  for (a in unique(d$Area)) {
    da <- d[d$Area == a, ]
    da <- da[order(da$Quantile), ]
    aa <- da$Population / sum(da$Population)
    b <- FindXValues(da$Population, nrow(da))
    X <- cbind(sqrt(aa), b * sqrt(aa))
    A <- solve(t(X) %*% X) %*% t(X) %*% diag(sqrt(aa))
    if (cs$vt == 0) { se <- da$StandardError; v <- se^2 }
    else {
      se <- (log(da$UpperCL) - log(da$LowerCL)) / qnorm(0.975) / 2
      v <- (da$Value * se)^2
    }
    co <- A %*% da$Value
    V <- A %*% diag(v) %*% t(A)
    g <- c(-co[2] / co[1]^2, 1 / co[1])
    sdr <- sqrt(drop(t(g) %*% V %*% g))
    rii <- (co[1] + co[2]) / co[1]
    row <- data.frame(case = cs$id, area = a, sii = co[2], rii = rii, intercept = co[1])
    for (lv in c(0.95, 0.998)) {
      z <- qnorm(lv + (1 - lv) / 2)
      lab <- gsub("\\.", "_", formatC(lv * 100, format = "f", digits = 1))
      row[[paste0("sii_lower", lab, "cl")]] <- co[2] - z * sqrt(V[2, 2])
      row[[paste0("sii_upper", lab, "cl")]] <- co[2] + z * sqrt(V[2, 2])
      row[[paste0("rii_lower", lab, "cl")]] <- rii - z * sdr
      row[[paste0("rii_upper", lab, "cl")]] <- rii + z * sdr
    }
    an[[length(an) + 1]] <- row
  }
}
an <- bind_rows(an)
for (k in names(an)[-(1:2)]) an[[k]] <- sprintf("%.17g", an[[k]])
write.csv(an, "sii_analytic.csv", row.names = FALSE)
