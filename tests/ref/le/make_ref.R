# make_ref.R -- expected life expectancies for tests/cli/test_rates_le.sh,
# made by PHEindicatormethods' own phe_life_expectancy.
#
#   PHE_SRC=/path/to/PHEindicatormethods Rscript make_ref.R   (in this directory)
#
# PHE_SRC is a checkout of github:ukhsa-collaboration/PHEindicatormethods at
# commit 093fd288 (the commit tests/ref/phe cites), e.g.
#   git --git-dir=MIRROR archive 093fd288 | tar -x -C $PHE_SRC
# The package needs R >= 4.3 and dplyr >= 1.1 to install; Debian 12 has R
# 4.2.2 and dplyr 1.0.10, on which its R/LifeExpectancy.R runs unchanged, so
# this script sources that one file (nothing in it is edited) rather than
# installing the package.
#
# Writes le_input.csv (area, startage, deaths, pops: one row per age band)
# and le_expected.csv (area, startage, value, lower/upper at 95% and 99.8%,
# pops_used, dths_used; %.17g), from the call
#   group_by(area) %>% phe_life_expectancy(deaths, pops, startage,
#                                          confidence = c(0.95, 0.998))
# on these tables:
#   df1          the package's example and test table (testLifeExpectancy.R)
#   wide_1/2     df_widecis_plus: area 1 has more deaths than population in
#                90+ (suppressed), area 2 intervals wider than 20 years
#   good, negdeaths, negpops, deathsgtpops, lowpops: df_grouped_with_warnings
#                (its "Missing age band" group is left out: fingerpost reads
#                the bands it is given and says so; tested apart)
#   rand_01..rand_20  random tables (seed 20261207): populations 500..60000
#                per band, deaths Poisson at a Gompertz-like rate
suppressPackageStartupMessages(library(dplyr))
src <- Sys.getenv("PHE_SRC", "/tmp/h20b_src/phe")
source(file.path(src, "R", "LifeExpectancy.R"))

ages <- c(0L, 1L, 5L, 10L, 15L, 20L, 25L, 30L, 35L, 40L, 45L, 50L, 55L, 60L, 65L, 70L, 75L,
          80L, 85L, 90L)
tab <- function(area, pops, deaths) data.frame(area = area, startage = ages, pops = pops,
                                              deaths = deaths)
p1 <- c(7060L, 35059L, 46974L, 48489L, 43219L, 38561L, 46009L, 57208L, 61435L, 55601L, 50209L,
        56416L, 46411L, 39820L, 37978L, 37039L, 33288L, 23306L, 11936L, 11936L)
d1 <- c(17L, 9L, 4L, 8L, 20L, 15L, 24L, 33L, 50L, 71L, 100L, 163L, 263L, 304L, 536L, 872L,
        1390L, 1605L, 1936L, 1937L)
pw <- c(270L, 235L, 246L, 248L, 243L, 238L, 246L, 257L, 261L, 355L, 350L, 356L, 346L, 339L,
        337L, 337L, 333L, 323L, 311L, 311L)
dw <- c(17L, 9L, 4L, 8L, 20L, 15L, 24L, 33L, 50L, 51L, 10L, 16L, 26L, 30L, 36L, 22L, 13L, 5L,
        6L, 1L)
dw1 <- dw; dw1[20] <- 312L
pg <- p1; pg[6] <- 43219L
negd <- d1; negd[3] <- -2L
negp <- pg; negp[4] <- -10L
dgp <- d1; dgp[6] <- 50000L
lowd <- c(17L, 9L, 4L, 8L, 20L, 15L, 24L, 33L, 50L, 71L, rep(80L, 10))
tabs <- list(tab("df1", p1, d1), tab("wide_1", pw, dw1), tab("wide_2", pw, dw),
             tab("good", pg, d1), tab("negdeaths", pg, negd), tab("negpops", negp, d1),
             tab("deathsgtpops", pg, dgp), tab("lowpops", rep(100L, 20), lowd))
set.seed(20261207)
for (k in 1:20) {
  pops <- round(runif(20, 500, 60000))
  pops[1] <- round(pops[1] / 5)
  rate <- 0.0002 * exp(0.085 * ages)
  rate[1] <- 0.004
  deaths <- rpois(20, pops * rate)
  deaths[20] <- max(deaths[20], 1L)
  tabs[[length(tabs) + 1]] <- tab(sprintf("rand_%02d", k), pops, deaths)
}
df <- bind_rows(tabs)
write.csv(df[, c("area", "startage", "deaths", "pops")], "le_input.csv", row.names = FALSE)

res <- suppressWarnings(df %>% group_by(area) %>%
  phe_life_expectancy(deaths, pops, startage, confidence = c(0.95, 0.998)))
res <- as.data.frame(res)
out <- data.frame(area = res$area, startage = res$startage)
for (k in c("value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl", "pops_used",
            "dths_used"))
  out[[k]] <- ifelse(is.na(res[[k]]), "", sprintf("%.17g", res[[k]]))
out <- out[order(match(out$area, unique(df$area)), out$startage), ]
write.csv(out, "le_expected.csv", row.names = FALSE, na = "")
cat(R.version.string, "\n")
