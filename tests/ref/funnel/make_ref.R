# make_ref.R -- reference values for fingerpost's overdispersed funnels
# (tests/unit/test_funnel.c), from the peers themselves:
#
#   FunnelPlotR 0.6.0, github.com/nhs-r-community/FunnelPlotR commit 9020d49
#     (phi, tau2, z-scores, Winsorisation, truncation, additive limits,
#     outlier flags: funnel_plot() and its internal steps);
#   PHEindicatormethods 2.1.0, github.com/ukhsa-collaboration/PHEindicatormethods
#     commit 093fd28 (assign_funnel_significance, and the Wilson funnel limit
#     sigma_adjustment at each unit's denominator).
#
# Both installed from those commits with Debian's R 4.2.2:
#   git --git-dir=<mirror> archive HEAD | tar -x -C FunnelPlotR   (and PHE)
#   R CMD INSTALL --no-test-load -l RLIB FunnelPlotR PHE
# Debian bookworm's r-cran-* are older than the DESCRIPTION minimums
# (ggplot2 3.4.1 < 3.5.2; R 4.2.2 < 4.3.0; dplyr 1.0.10 < 1.1.0; rlang,
# tibble): the minimums were relaxed in the unpacked copy, and FunnelPlotR's
# one call to ggplot2::is_ggplot (absent from ggplot2 3.4.1, used only to
# validate the returned object) replaced by inherits(x, "ggplot"). No
# computation was changed. Run from the repository root:
#   R_LIBS=RLIB Rscript tests/ref/funnel/make_ref.R
#
# Writes tests/ref/funnel/inputs.csv (dataset, unit, num, den, target: the
# units of each dataset; target empty = pooled), fits.csv (phi, tau2, n_used
# per dataset, scale and trim), units.csv (each unit's z-score and adjusted
# limits at its own denominator, per fit) and phe_sig.csv.
#
# Multiplicative limits and the sqrt scale's limits are not drawn by
# FunnelPlotR (it draws additive limits, and on the sqrt scale leaves them
# untransformed): those columns are Spiegelhalter's formulas evaluated here
# in R from FunnelPlotR's phi and tau2, marked "formula" in units.csv.
suppressPackageStartupMessages({ library(FunnelPlotR); library(PHEindicatormethods) })
options(digits = 17)
out <- "tests/ref/funnel"

set.seed(20260607)
# Proportions: 80 units, n from 150 to 20000, true p overdispersed around 0.2.
n_pr <- round(exp(runif(80, log(150), log(20000))))
p_pr <- plogis(qlogis(0.2) + rnorm(80, 0, 0.25))
pr <- data.frame(dataset = "pr", unit = sprintf("U%02d", 1:80),
                 num = rbinom(80, n_pr, p_pr), den = n_pr, target = NA)
# Ratios (ISR/SMR): 70 units, expected 15 to 3000, gamma-distributed true ratios.
e_sr <- round(exp(runif(70, log(15), log(3000))), 3)
sr <- data.frame(dataset = "sr", unit = sprintf("S%02d", 1:70),
                 num = rpois(70, e_sr * rgamma(70, 25, 25)), den = e_sr, target = 1)
# Rates: 60 units, populations 20k to 900k, rate about 60 per 10,000.
pop <- round(exp(runif(60, log(20000), log(900000))))
ev <- rpois(60, pop * 0.006 * rgamma(60, 15, 15))
rt <- data.frame(dataset = "rate", unit = sprintf("R%02d", 1:60), num = ev, den = pop, target = NA)
# The injuries export: 90284, Persons, counties and UAs, 2023/24, against
# England's published value (as fingerpost chart funnel does).
inj <- read.csv("datasets/fingertips_injuries_0to14_90284.csv", check.names = FALSE,
                fileEncoding = "UTF-8-BOM")
inj <- unique(inj)  # the export repeats some rows exactly
inj <- inj[inj[["Time period"]] == "2023/24" & inj$Sex == "Persons" &
           inj[["Category Type"]] == "", ]
eng <- inj$Value[inj[["Area Type"]] == "England"][1] / 10000  # listed twice (with and without a parent)
la <- inj[inj[["Area Type"]] == "Counties & UAs (from Apr 2023)" & !is.na(inj$Count) &
          !is.na(inj$Denominator), ]
real <- data.frame(dataset = "injuries", unit = la[["Area Code"]], num = la$Count,
                   den = la$Denominator, target = eng)
inputs <- rbind(pr, sr, rt, real)
write.csv(inputs, file.path(out, "inputs.csv"), row.names = FALSE, na = "")

# Rates are ratios against E = population x target rate (fingerpost's rate
# funnel); FunnelPlotR's "SR" data type takes those E as its denominator.
as_sr <- function(d) {
  t <- if (is.na(d$target[1])) sum(d$num) / sum(d$den) else d$target[1]
  list(num = d$num, den = d$den * t, t = t)
}

fits <- list(); units <- list()
fit_one <- function(d, kind, scale, trim, trim_by) {
  if (kind == "pr") {
    agg <- data.frame(group = d$unit, numerator = d$num, denominator = d$den)
    agg$rr <- agg$numerator / agg$denominator
    dt <- "PR"; srm <- "SHMI"; t <- sum(d$num) / sum(d$den); mult <- 1
  } else {
    s <- as_sr(d)
    agg <- data.frame(group = d$unit, numerator = s$num, denominator = s$den)
    agg$rr <- agg$numerator / agg$denominator
    dt <- "SR"; srm <- if (scale == "log") "SHMI" else "CQC"; t <- 1; mult <- s$t
  }
  agg <- FunnelPlotR:::transformed_zscore(agg, data_type = dt, sr_method = srm)
  agg <- if (trim == "winsorise") FunnelPlotR:::winsorisation(agg, trim_by)
         else FunnelPlotR:::truncation(agg, trim_by)
  n <- as.numeric(sum(!is.na(agg$Wuzscore)))
  phi <- FunnelPlotR:::phi_func(n, na.omit(agg$Wuzscore))
  tau2 <- FunnelPlotR:::tau_func(n, phi, agg[!is.na(agg$Wuzscore), ]$s)
  key <- paste(d$dataset[1], scale, trim, trim_by)
  fits[[key]] <<- data.frame(dataset = d$dataset[1], scale = scale, trim = trim,
                             trim_by = trim_by, phi = phi, tau2 = tau2, n_used = n)
  # Additive limits at each unit's own denominator (FunnelPlotR's
  # calculate_limits, with its z of 1.959964 and 3.090232) for the arcsine
  # and log scales; Spiegelhalter's formula elsewhere.
  den <- agg$denominator
  z95 <- qnorm(0.975); z998 <- qnorm(0.999)
  if (scale == "sqrt") {
    s <- 1 / (2 * sqrt(den)); sa <- sqrt(s^2 + tau2)
    lim <- cbind(pmax(0, 1 - z95 * sa)^2, (1 + z95 * sa)^2,
                 pmax(0, 1 - z998 * sa)^2, (1 + z998 * sa)^2)
    src <- "formula"
  } else {
    # calculate_limits expects its denominators sorted (it clips the
    # proportion limits where consecutive rows stop being monotonic).
    ud <- sort(unique(den))
    cl <- FunnelPlotR:::calculate_limits(data.frame(number_seq = ud), dt, srm, 1, tau2, t,
                                         draw_adjusted = TRUE)
    lim <- as.matrix(cl[match(den, ud), c("odll95", "odul95", "odll998", "odul998")])
    src <- "FunnelPlotR"
  }
  sm <- if (scale == "log") 1 / sqrt(den) else 1 / (2 * sqrt(den))
  tt <- if (scale == "arcsine") asin(sqrt(t)) else if (scale == "log") 0 else 1
  back <- function(v) if (scale == "arcsine") sin(pmin(pmax(v, 0), pi / 2))^2
                      else if (scale == "log") exp(v) else pmax(v, 0)^2
  ml <- cbind(back(tt - z95 * sqrt(phi) * sm), back(tt + z95 * sqrt(phi) * sm),
              back(tt - z998 * sqrt(phi) * sm), back(tt + z998 * sqrt(phi) * sm))
  units[[key]] <<- data.frame(dataset = d$dataset[1], scale = scale, trim = trim,
                              trim_by = trim_by, unit = d$unit, z = agg$Uzscore,
                              add_ll95 = lim[, 1] * mult, add_ul95 = lim[, 2] * mult,
                              add_ll998 = lim[, 3] * mult, add_ul998 = lim[, 4] * mult,
                              add_source = src,
                              mul_ll95 = ml[, 1] * mult, mul_ul95 = ml[, 2] * mult,
                              mul_ll998 = ml[, 3] * mult, mul_ul998 = ml[, 4] * mult)
}

for (trim in c("winsorise", "truncate")) for (tb in c(0.1, 0.05)) {
  fit_one(pr, "pr", "arcsine", trim, tb)
  for (d in list(sr, rt, real)) for (sc in c("log", "sqrt")) fit_one(d, "sr", sc, trim, tb)
}
write.csv(do.call(rbind, fits), file.path(out, "fits.csv"), row.names = FALSE)
write.csv(do.call(rbind, units), file.path(out, "units.csv"), row.names = FALSE)

# The pipeline above is FunnelPlotR's own: check it against funnel_plot()
# for the three combinations funnel_plot() offers, and record its outlier
# flags (limit 95 and 99) for them.
chk <- function(d, dt, srm, trim, tb, key) {
  s <- if (dt == "PR") list(num = d$num, den = d$den) else as_sr(d)
  df <- data.frame(g = d$unit, o = s$num, e = s$den)
  r <- list()
  # On the sqrt ("CQC") scale FunnelPlotR leaves its limits on the square-root
  # scale (see fingerpost/funnel.h): only phi and tau2 are compared there.
  lims <- if (srm == "CQC" && dt == "SR") 95 else c(95, 99)
  for (lim in lims) {
    f <- suppressMessages(funnel_plot(df, o, e, g, data_type = dt, sr_method = srm, trim_by = tb,
                                      limit = lim, SHMI_rounding = FALSE, draw_unadjusted = TRUE))
    stopifnot(isTRUE(all.equal(f$phi, fits[[key]]$phi, tolerance = 1e-12)),
              isTRUE(all.equal(f$tau2, fits[[key]]$tau2, tolerance = 1e-12)))
    if (srm == "CQC" && dt == "SR") return(NULL)
    a <- f$aggregated_data
    r[[as.character(lim)]] <- data.frame(fit = key, limit = lim, unit = as.character(a$group),
                                         outlier = a$outlier, OD95LCL = a$OD95LCL,
                                         OD95UCL = a$OD95UCL, OD99LCL = a$OD99LCL,
                                         OD99UCL = a$OD99UCL)
  }
  do.call(rbind, r)
}
fl <- rbind(chk(pr, "PR", "SHMI", "winsorise", 0.1, "pr arcsine winsorise 0.1"),
            chk(sr, "SR", "SHMI", "truncate", 0.1, "sr log truncate 0.1"),
            chk(real, "SR", "SHMI", "truncate", 0.1, "injuries log truncate 0.1"),
            chk(rt, "SR", "CQC", "winsorise", 0.1, "rate sqrt winsorise 0.1"))
write.csv(fl, file.path(out, "funnelplotr_flags.csv"), row.names = FALSE)

# PHEindicatormethods: assign_funnel_significance for each dataset, and the
# Wilson (OHID) proportion limits at each unit's denominator.
sig <- rbind(
  transform(assign_funnel_significance(pr, num, den, statistic = "proportion"),
            statistic = "proportion"),
  transform(assign_funnel_significance(sr, num, den, statistic = "ratio"), statistic = "ratio"),
  transform(assign_funnel_significance(transform(rt, rate = num / den * 1e4), num, den, rate,
                                       statistic = "rate", rate_type = "crude",
                                       multiplier = 1e4), statistic = "rate")[, names(sr) |> c("significance")] |>
    transform(statistic = "rate"),
  transform(assign_funnel_significance(transform(real, rate = num / den * 1e4), num, den, rate,
                                       statistic = "rate", rate_type = "crude",
                                       multiplier = 1e4), statistic = "rate")[, names(sr) |> c("significance")] |>
    transform(statistic = "rate"))
av <- sum(pr$num) / sum(pr$den)
sig$wilson_ll95 <- NA; sig$wilson_ul95 <- NA
ip <- sig$statistic == "proportion"
sig$wilson_ll95[ip] <- PHEindicatormethods:::sigma_adjustment(0.975, sig$den[ip], av, "low", 1)
sig$wilson_ul95[ip] <- PHEindicatormethods:::sigma_adjustment(0.975, sig$den[ip], av, "high", 1)
write.csv(sig[, c("dataset", "unit", "statistic", "significance", "wilson_ll95", "wilson_ul95")],
          file.path(out, "phe_sig.csv"), row.names = FALSE, na = "")
