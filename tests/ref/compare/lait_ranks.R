# lait_ranks.R -- independent computation (base R only) of the values that
# tests/unit/test_compare.c checks: LAIT latest-period values of all local
# authorities (LA Number < 970) for a few indicators, polarity-aware ranks
# (ties "min", as DfE LAIT's calculate_rank), type-7 quartiles and the LAIT
# quartile band (calculate_quartile_band), the percentile (PERCENTRANK.INC on
# polarity-oriented values) and statistical-neighbour mean/median (sn_may_2025).
# Run: Rscript lait_ranks.R /work/shared/data/lait > lait_ranks.out
args <- commandArgs(TRUE)
dir <- if (length(args)) args[1] else "/work/shared/data/lait"
d <- read.csv(file.path(dir, "bds_long.csv"), check.names = FALSE, colClasses = "character")
sn <- read.csv(file.path(dir, "sn_may_2025.csv"), check.names = FALSE, colClasses = "character")
sn <- sn[grepl("^[0-9]+$", sn[[1]]), ]
snc <- which(grepl("^SN[0-9]+$", names(sn)))
inds <- list(c("Under18concep", "Low", "2022"), c("CareLeaverEET", "High", "2025"),
             c("ChildPov", "Low", "2025"), c("Level3Age19", "High", "2024"))
areas <- c("343", "302", "908", "201", "836")
for (a in areas)
  cat(sprintf("static const char *const sn_%s[10] = {%s};\n", a,
              paste0('"', unlist(sn[sn[[1]] == a, snc]), '"', collapse = ",")))
for (ind in inds) {
  x <- d[d[["Short Desc"]] == ind[1] & d$Years == ind[3] & as.numeric(d[["LA Number"]]) < 970, ]
  x <- x[order(as.numeric(x[["LA Number"]])), ]
  v <- suppressWarnings(as.numeric(x$Values))
  codes <- x[["LA Number"]]
  cat(sprintf("/* %s (%s, %s): %d LAs, %d with values */\n", ind[1], ind[2], ind[3], length(v), sum(!is.na(v))))
  cat(sprintf("static const char *const %s_codes[] = {%s};\n", gsub("[^A-Za-z0-9]", "_", ind[1]),
              paste0('"', codes, '"', collapse = ",")))
  cat(sprintf("static const double %s_vals[] = {%s};\n", gsub("[^A-Za-z0-9]", "_", ind[1]),
              paste(ifelse(is.na(v), "NAN", x$Values), collapse = ",")))
  q <- quantile(v, na.rm = TRUE, type = 7)
  cat(sprintf("/* quartiles %s */\n", paste(sprintf("%.17g", q), collapse = ", ")))
  r <- if (ind[2] == "High") rank(-v, ties.method = "min", na.last = "keep") else rank(v, ties.method = "min", na.last = "keep")
  for (a in areas) {
    i <- which(codes == a)
    nb <- unlist(sn[sn[[1]] == a, snc])
    nv <- v[match(nb, codes)]
    if (!length(i) || is.na(v[i])) {
      cat(sprintf("/* area %s: no value; SN mean %.17g median %.17g used %d of %d */\n", a,
                  mean(nv, na.rm = TRUE), median(nv, na.rm = TRUE), sum(!is.na(nv)), length(nb)))
      next
    }
    val <- v[i]
    g <- if (val <= q[2]) 1 else if (val <= q[3]) 2 else if (val <= q[4]) 3 else 4
    band <- if (ind[2] == "Low") LETTERS[g] else LETTERS[5 - g]
    worse <- if (ind[2] == "High") sum(v < val, na.rm = TRUE) else sum(v > val, na.rm = TRUE)
    pct <- 100 * worse / (sum(!is.na(v)) - 1)
    cat(sprintf("/* area %s: value %s rank %d of %d band %s percentile %.17g; SN mean %.17g median %.17g used %d of %d */\n",
                a, x$Values[i], r[i], sum(!is.na(v)), band, pct,
                mean(nv, na.rm = TRUE), median(nv, na.rm = TRUE), sum(!is.na(nv)), length(nb)))
  }
}
