# make_ref_fingertips.R -- expected SII/RII for `fingerpost inequality` on
# the shipped Fingertips export datasets/fingertips_injuries_0to14_90284.csv,
# made by PHEindicatormethods' phe_sii (commit 093fd288; R/utils.R and
# R/SII_function.R sourced unchanged, see make_ref.R).
#
#   PHE_SRC=/path/to/PHEindicatormethods Rscript make_ref_fingertips.R
#
# For each sex, category type and period of England's deprivation decile
# rows with all 10 deciles: the deciles ordered from the most to the least
# deprived (Fingertips' wording: "Most deprived decile", "Second most ...",
# "Third more ...", ..., "Second least ...", "Least deprived decile"),
# population = Denominator, then after set.seed(1):
#   phe_sii(d, rank, Denominator, value = Value, value_type = 1,
#           lower_cl = LCL95, upper_cl = UCL95, confidence = c(0.95, 0.998),
#           rii = TRUE, repetitions = 100000, type = "standard")
# (value_type 1: the indicator is a rate per 10,000). Writes
# sii_fingertips_expected.csv (indicator as fingerpost names it, category
# type, period, and the results; %.17g). Duplicate rows of the export (each
# decile appears twice) are dropped, as fingerpost's reader drops them.
suppressPackageStartupMessages({ library(dplyr); library(purrr); library(tidyr) })
src <- Sys.getenv("PHE_SRC", "/tmp/h20b_src/phe")
source(file.path(src, "R", "utils.R"))
source(file.path(src, "R", "SII_function.R"))
ft <- read.csv("../../../datasets/fingertips_injuries_0to14_90284.csv", check.names = FALSE,
               stringsAsFactors = FALSE)
ranks <- c("Most deprived decile", "Second most deprived decile", "Third more deprived decile",
           "Fourth more deprived decile", "Fifth more deprived decile",
           "Fifth less deprived decile", "Fourth less deprived decile",
           "Third less deprived decile", "Second least deprived decile", "Least deprived decile")
d <- ft %>% filter(grepl("deprivation deciles", `Category Type`), !is.na(Value),
                   `Area Code` == "E92000001") %>%
  mutate(rank = match(sub(" \\(.*", "", Category), ranks)) %>%
  distinct(Sex, `Category Type`, `Time period`, rank, .keep_all = TRUE)
out <- list()
for (key in unique(paste(d$Sex, d$`Category Type`, d$`Time period`, sep = "\r"))) {
  k <- strsplit(key, "\r")[[1]]
  s <- d[d$Sex == k[1] & d$`Category Type` == k[2] & d$`Time period` == k[3], ]
  if (nrow(s) != 10) next
  s <- s[order(s$rank), ]
  x <- data.frame(rank = s$rank, pop = s$Denominator, value = s$Value,
                  lcl = s$`Lower CI 95.0 limit`, ucl = s$`Upper CI 95.0 limit`)
  set.seed(1)
  r <- as.data.frame(phe_sii(x, rank, pop, value = value, value_type = 1, lower_cl = lcl,
                             upper_cl = ucl, confidence = c(0.95, 0.998), rii = TRUE,
                             repetitions = 100000, type = "standard"))
  f <- function(n) sprintf("%.17g", r[[n]])
  out[[length(out) + 1]] <- data.frame(
    indicator = if (k[1] == "Persons") "90284" else paste0("90284/", k[1]),
    category_type = k[2], period = k[3], sii = f("sii"),
    sii_lower95_0cl = f("sii_lower95_0cl"), sii_upper95_0cl = f("sii_upper95_0cl"),
    sii_lower99_8cl = f("sii_lower99_8cl"), sii_upper99_8cl = f("sii_upper99_8cl"),
    rii = f("rii"), rii_lower95_0cl = f("rii_lower95_0cl"), rii_upper95_0cl = f("rii_upper95_0cl"),
    rii_lower99_8cl = f("rii_lower99_8cl"), rii_upper99_8cl = f("rii_upper99_8cl"))
}
write.csv(bind_rows(out), "sii_fingertips_expected.csv", row.names = FALSE)
cat(length(out), "series\n")
