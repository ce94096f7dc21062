# make_ref.R -- expected SPC values for tests/cli/test_spc_ptd.sh, made by
# NHSRplotthedots itself on its own examples (see install_peers.sh for the
# package commits and how they were installed).
#
#   R_LIBS=/tmp/fp_rlib Rscript make_ref.R     (in this directory)
#
# Writes
#   spc_input.csv     the series as a fingerpost tidy file (indicator = case,
#                     area = organisation, period = month)
#   spc_expected.csv  one row per case and point: NHSRplotthedots' ptd_spc
#                     columns y, rebase_group, mean_col, lpl, upl,
#                     special_cause_type, point_type (full precision)
#   spc_assurance.csv the assurance_type of summary() for the cases with a
#                     target
#
# Cases (the exact ptd_spc calls are below):
#   AE_STABLE   vignette "Stable period" and its facet example: ae_attendances
#               type 1 breaches of RRK, RJC, RJ7, R1K, R1H and RQM before
#               April 2018, improvement_direction = "decrease"
#   AE_REBASE   vignette "Change point": RRK, every month, decrease,
#               rebase = ptd_rebase(as.Date("2018-07-01"))
#   AE_TARGET   README summary example: RQM before April 2018, decrease,
#               target = 1200
#   RN_*        the package's test data (tests/testthat): set.seed(123);
#               rnorm(20) on 20 consecutive days, here months 2020-01 ...
#               2021-08 (SPC uses only the order):
#     RN_DEFAULT  improvement_direction = "increase"
#     RN_OUTLIER  y[15] = 10 (the screen_outliers test), increase
#     RN_NEUTRAL  y[15] = 10, "neutral"
#     RN_FIX12    fix_after_n_points = 12, increase
#     RN_REBASE   rebase at the 11th point, increase (two segments of 10:
#                 NHSRplotthedots warns, fingerpost needs --spc-min-points)
#     RN_TARGET   "decrease", target = 0.5
#   SYN_TREND   a made-up series with a 7-point rise whose last point starts
#               a 7-point fall (the peak belongs to both trends), increase
suppressPackageStartupMessages({
  library(NHSRplotthedots)
  library(NHSRdatasets)
  library(dplyr)
})

month_label <- function(d) format(d, "%Y-%m")

run <- function(case, df, area, ...) {
  r <- ptd_spc(df, value_field = y, date_field = x, facet_field = f, ...)
  out <- data.frame(case = case, area = r$f, period = month_label(as.Date(r$x)),
                    y = r$y, rebase_group = r$rebase_group, mean_col = r$mean_col,
                    lpl = r$lpl, upl = r$upl, special_cause_type = r$special_cause_type,
                    point_type = r$point_type)
  inp <- data.frame(indicator = case, area = df$f, area_code = df$f,
                    period = month_label(as.Date(df$x)), value = df$y,
                    unit = ifelse(grepl("^AE_", case), "count", "score"))
  list(out = out, inp = inp, r = r)
}

ae <- ae_attendances %>% filter(type == 1) %>%
  transmute(f = as.character(org_code), x = period, y = as.double(breaches)) %>%
  arrange(f, x)
orgs <- c("RRK", "RJC", "RJ7", "R1K", "R1H", "RQM")

set.seed(123)
rn <- data.frame(f = "RN", x = seq(as.Date("2020-01-01"), by = "month", length.out = 20),
                 y = rnorm(20))
rn_out <- rn
rn_out$y[15] <- 10
syn <- data.frame(f = "SYN", x = seq(as.Date("2019-01-01"), by = "month", length.out = 21),
                  y = c(5, 4, 6, 5, 5.5, 4.7, 4.8, 4.9, 5, 5.1, 5.2, 5.3, 5.25, 5.2, 5.15, 5.1, 5.05, 5, 6, 4,
                        5.5))

res <- list(
  run("AE_STABLE", filter(ae, f %in% orgs, x < as.Date("2018-04-01")),
      improvement_direction = "decrease"),
  run("AE_REBASE", filter(ae, f == "RRK"), improvement_direction = "decrease",
      rebase = ptd_rebase(as.Date("2018-07-01"))),
  run("AE_TARGET", filter(ae, f == "RQM", x < as.Date("2018-04-01")),
      improvement_direction = "decrease", target = 1200),
  run("RN_DEFAULT", rn, improvement_direction = "increase"),
  run("RN_OUTLIER", rn_out, improvement_direction = "increase"),
  run("RN_NEUTRAL", rn_out, improvement_direction = "neutral"),
  run("RN_FIX12", rn, improvement_direction = "increase", fix_after_n_points = 12),
  run("RN_REBASE", rn, improvement_direction = "increase", rebase = ptd_rebase(rn$x[11])),
  run("RN_TARGET", rn, improvement_direction = "decrease", target = 0.5),
  run("SYN_TREND", syn, improvement_direction = "increase")
)

inp <- bind_rows(lapply(res, `[[`, "inp"))
write.csv(inp, "spc_input.csv", row.names = FALSE)
out <- bind_rows(lapply(res, `[[`, "out"))
out$y <- sprintf("%.17g", out$y)
for (k in c("mean_col", "lpl", "upl")) out[[k]] <- sprintf("%.17g", out[[k]])
write.csv(out, "spc_expected.csv", row.names = FALSE)

ass <- bind_rows(lapply(res[c(3, 9)], function(z) {
  s <- suppressMessages(capture.output(sm <- summary(z$r)))
  data.frame(case = z$out$case[1], assurance_type = sm$assurance_type[nrow(sm)],
             variation_type = sm$variation_type[nrow(sm)])
}))
write.csv(ass, "spc_assurance.csv", row.names = FALSE)
cat(R.version.string, "\n")
cat("NHSRplotthedots", as.character(packageVersion("NHSRplotthedots")), "\n")
