# fingerpost trend chart (fingerpost-methods-1). Re-run with: gnuplot trend.gp
set terminal svg size 800,450 noenhanced font 'Arial,12' background rgb '#FFFFFF'
set output 'trend'
set encoding utf8
set termoption noenhanced
set title 'Children looked after per 10,000'."\n".'Sefton, 2016/17 to 2023/24' noenhanced
set border 3 lc rgb '#404040'
set tics nomirror textcolor rgb '#000000'
set key noenhanced
set ylabel 'Rate per 10,000 children'
set xrange [0.5:8.5]
set offsets 0, 0, graph 0.08, graph 0.08
set grid ytics lc rgb '#D9D9D9' lw 1
set key below center horizontal maxrows 3 samplen 3
set xtics ('2016/17' 1, '2017/18' 2, '2018/19' 3, '2019/20' 4, '2020/21' 5, '2021/22' 6, '2022/23' 7, '2023/24' 8)
$data << EOD
1 85 79 91.3 60 70 73 3
2 82.5 76.7 88.6 62 71 74 3
3 NaN NaN NaN 64 73 74 0
4 79.1 73.4 85.1 65 72 75 3
5 76.4 70.8 82.3 67 74 77 1
6 77.9 72.2 83.9 70 75 78 3
7 74.2 68.7 79.9 71 76 79 1
8 71 65.6 76.7 70 77 80 2
EOD
plot $data using 1:2:3:4 with yerrorbars pt 0 ps 0 lw 1.2 lc rgb '#262626' title '95% confidence interval', \
     $data using 1:5 with linespoints dt 2 lw 2 pt 1 ps 1 lc rgb '#000000' title 'England', \
     $data using 1:6 with linespoints dt 4 lw 2 pt 2 ps 1 lc rgb '#009E73' title 'North West', \
     $data using 1:7 with linespoints dt 5 lw 2 pt 3 ps 1 lc rgb '#D55E00' title 'Statistical neighbours', \
     65 with lines dt 3 lw 2 lc rgb '#CC79A7' title 'Target: 65.0', \
     $data using 1:2 with lines lw 2.5 lc rgb '#0072B2' title 'Sefton', \
     $data using 1:(($8==1)?$2:NaN) with points pt 7 ps 1.4 lc rgb '#FFC000' notitle, \
     $data using 1:(($8==1)?$2:NaN) with points pt 6 ps 1.4 lc rgb '#262626' notitle, \
     $data using 1:(($8==2)?$2:NaN) with points pt 9 ps 1.4 lc rgb '#92D050' notitle, \
     $data using 1:(($8==2)?$2:NaN) with points pt 8 ps 1.4 lc rgb '#262626' notitle, \
     $data using 1:(($8==3)?$2:NaN) with points pt 11 ps 1.4 lc rgb '#C00000' notitle, \
     $data using 1:(($8==3)?$2:NaN) with points pt 10 ps 1.4 lc rgb '#262626' notitle, \
     keyentry with points pt 7 ps 1.5 lc rgb '#FFC000' title 'Similar to England', \
     keyentry with points pt 9 ps 1.5 lc rgb '#92D050' title 'Better than England', \
     keyentry with points pt 11 ps 1.5 lc rgb '#C00000' title 'Worse than England'
unset output
