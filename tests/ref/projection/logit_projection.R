# logit_projection.R -- reference values for the bounded (logit-scale)
# projection of percentages (fp_trend_project with FP_PROJECT_LOGIT, used by
# compare's target outlook, the report's dated targets and trend --method
# project for percentages and proportions). Run: Rscript logit_projection.R
# (R 4.x, base stats only). The fit is lm() on qlogis(value / 100); when a
# value is 0 or 100% every proportion is first squeezed to
# (p (N - 1) + 1/2) / N (Smithson & Verkuilen 2006); predict(...,
# interval = "prediction") gives the 95% prediction interval on the logit
# scale, taken back by 100 * plogis(). Values pasted into
# tests/cli/test_compare_outlook.sh and tests/unit/test_calendar.c.
sq <- function(p) { N <- length(p); if (any(p == 0 | p == 1)) (p * (N - 1) + 0.5) / N else p }
pl <- function(t, y, t0, bound = 100) {
  z <- qlogis(sq(y / bound))
  pr <- predict(lm(z ~ t), data.frame(t = t0), interval = "prediction")
  print(bound * plogis(pr), digits = 17)
}
# SEN_EHC_Excpt_20wks, Sefton, 2016-2024 (datasets/lait_scorecard.csv): has 100
sen <- c(100, 91, 13.8, 23, 66.900000000000006, 61.1, 27.4, 40.4, 53.1)
pl(2016:2024, sen, 2025)  # 26.965170042075666 0.76913961642043938 94.619849837069012
pl(2016:2024, sen, 2026)  # 22.424025899640839 0.48211369437393631 94.519775995872081
# test_compare_outlook.sh's tidy series G (2018 absent from the time axis)
pl(c(2016, 2017, 2019, 2020), c(20, 24, 31, 33), 2022)
                          # 41.865236219073473 33.296726898726057 50.954355610921318
# test_calendar.c: a falling percentage, linear PI would go below 0
pl(1:6, c(40, 33, 27, 20, 14, 9), 8)
                          # 4.8584488285606877 3.4298924843697747 6.8398590975008
                          # (a straight line: -4.32, interval -7.06 to -1.58)
# test_calendar.c: a proportion (bound 1) near 1
pl(1:5, c(0.90, 0.93, 0.95, 0.96, 0.98), 7, bound = 1)
                          # 0.98956260267411777 0.97907183427140454 0.99482241974183738
# test_compare_outlook.sh: G with --period 2019 (to 2020); N (no polarity, to 2022)
pl(c(2016, 2017, 2019), c(20, 24, 31), 2020)
                          # 35.451137366009853 22.140817097922824 51.473190801196111
pl(2018:2020, c(1, 2, 3), 2022)
                          # 9.0368166659130473 0.26992878780055946 78.478438203303213
# test_trend.sh: PROJ, Alpha, 2016-2023 (a percentage by its dictionary), to 2025
pl(2016:2023, c(60.1, 62.3, 61.8, 65.0, 66.2, 68.9, 67.5, 71.0), 2025)
                          # 73.124600143914236 69.887331304481918 76.132699526082718
