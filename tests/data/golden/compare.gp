# fingerpost compare chart (fingerpost-methods-1). Re-run with: gnuplot compare.gp
set terminal svg size 800,450 noenhanced font 'Arial,12' background rgb '#FFFFFF'
set output 'compare'
set encoding utf8
set termoption noenhanced
set title 'Children looked after per 10,000, 2023/24'."\n".'Sefton and its statistical neighbours' noenhanced
set border 3 lc rgb '#404040'
set tics nomirror textcolor rgb '#000000'
set key noenhanced
set xlabel 'Rate per 10,000 children'
set xrange [0:137.445]
set yrange [0.4:6.6]
set grid xtics lc rgb '#D9D9D9' lw 1
set border 1 lc rgb '#404040'
set key below center horizontal maxrows 3 samplen 2
set ytics scale 0
set object 1 rect from graph 0, first 2.5 to graph 1, first 3.5 behind fc rgb '#FFF2CC' fs solid 1.0 noborder
set ytics ('St. Helens' 6, 'Wirral' 5, 'North West' 4, '▶ Sefton' 3, 'England' 2, 'Wigan' 1)
$data << EOD
6 120.3 110.2 130.9 3 0
5 99 93.1 105.2 3 0
4 97 NaN NaN 6 0
3 71 65.6 76.7 1 1
2 70 NaN NaN 6 0
1 64 58.9 69.4 2 0
EOD
set arrow 1 from first 70, graph 0 to first 70, graph 1 nohead dt 2 lw 2 lc rgb '#000000' front
plot $data using (($5==1)?$2:NaN):1:(0):2:($1-0.35):($1+0.35) with boxxyerror fs solid 1.0 border lc rgb '#262626' fc rgb '#FFC000' notitle, \
     $data using (($5==2)?$2:NaN):1:(0):2:($1-0.35):($1+0.35) with boxxyerror fs solid 1.0 border lc rgb '#262626' fc rgb '#92D050' notitle, \
     $data using (($5==3)?$2:NaN):1:(0):2:($1-0.35):($1+0.35) with boxxyerror fs solid 1.0 border lc rgb '#262626' fc rgb '#C00000' notitle, \
     $data using (($5==6)?$2:NaN):1:(0):2:($1-0.35):($1+0.35) with boxxyerror fs solid 1.0 border lc rgb '#262626' fc rgb '#595959' title 'England / region', \
     $data using 3:1:($4-$3):(0) with vectors heads size screen 0.006,90 lw 1.5 lc rgb '#000000' title '95% confidence interval', \
     $data using 2:(($5==1)?$1:NaN) with points pt 7 ps 1.3 lc rgb '#FFC000' notitle, \
     $data using 2:(($5==1)?$1:NaN) with points pt 6 ps 1.3 lc rgb '#262626' notitle, \
     $data using 2:(($5==2)?$1:NaN) with points pt 9 ps 1.3 lc rgb '#92D050' notitle, \
     $data using 2:(($5==2)?$1:NaN) with points pt 8 ps 1.3 lc rgb '#262626' notitle, \
     $data using 2:(($5==3)?$1:NaN) with points pt 11 ps 1.3 lc rgb '#C00000' notitle, \
     $data using 2:(($5==3)?$1:NaN) with points pt 10 ps 1.3 lc rgb '#262626' notitle, \
     keyentry with points pt 7 ps 1.5 lc rgb '#FFC000' title 'Similar', \
     keyentry with points pt 9 ps 1.5 lc rgb '#92D050' title 'Better', \
     keyentry with points pt 11 ps 1.5 lc rgb '#C00000' title 'Worse', \
     keyentry with lines dt 2 lw 2 lc rgb '#000000' title 'England: 70.0'
unset output
