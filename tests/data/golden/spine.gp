# fingerpost spine chart (fingerpost-methods-1). Re-run with: gnuplot spine.gp
set terminal svg size 800,450 noenhanced font 'Arial,12' background rgb '#FFFFFF'
set output 'spine'
set encoding utf8
set termoption noenhanced
set title 'Sefton compared with England'."\n".'Latest period of each indicator' noenhanced
set border 3 lc rgb '#404040'
set tics nomirror textcolor rgb '#000000'
set key noenhanced
set xrange [-0.02:1.02]
set yrange [0.4:4.6]
set y2range [0.4:4.6]
unset xtics
set border 0
set y2tics scale 0
set key below center horizontal maxrows 2 samplen 2
set xlabel 'Worst (or lowest)  <-  England  ->  Best (or highest)'
set lmargin at screen 0.42
set rmargin at screen 0.76
unset ytics
set label 'Children looked after per 10,000' at graph -0.02, first 4 right noenhanced
set label 'Good level of development (%)' at graph -0.02, first 3 right noenhanced
set label 'Under-18 conceptions per 1,000' at graph -0.02, first 2 right noenhanced
set label 'Pupils with SEN support (%)' at graph -0.02, first 1 right noenhanced
set y2tics ('71.0 (England 70.0)' 4, '61.2 (England 67.7)' 3, '12.1 (England 13.1)' 2, '13.9 (England 13.0)' 1)
set arrow 1 from first 0.5, graph 0 to first 0.5, graph 1 nohead lw 2 lc rgb '#000000' front
$data << EOD
4 0 0.3611111111 0.5833333333 0.75 0.4944444444 1
3 0 0.3092783505 0.6443298969 0.9793814433 0.1649484536 3
2 0 0.3361344538 0.6092436975 0.8193277311 0.5420168067 2
1 0.0625 0.3625 0.65 1 0.6125 4
EOD
plot $data using (($2+$5)/2):1:2:5:($1-0.3):($1+0.3) with boxxyerror fs solid 1.0 noborder fc rgb '#D9D9D9' title 'England range: worst to best', \
     $data using (($3+$4)/2):1:3:4:($1-0.3):($1+0.3) with boxxyerror fs solid 1.0 noborder fc rgb '#8C8C8C' title '25th to 75th percentile', \
     $data using 6:(($7==1)?$1:NaN) with points pt 7 ps 1.6 lc rgb '#FFC000' notitle, \
     $data using 6:(($7==1)?$1:NaN) with points pt 6 ps 1.6 lc rgb '#262626' notitle, \
     $data using 6:(($7==2)?$1:NaN) with points pt 9 ps 1.6 lc rgb '#92D050' notitle, \
     $data using 6:(($7==2)?$1:NaN) with points pt 8 ps 1.6 lc rgb '#262626' notitle, \
     $data using 6:(($7==3)?$1:NaN) with points pt 11 ps 1.6 lc rgb '#C00000' notitle, \
     $data using 6:(($7==3)?$1:NaN) with points pt 10 ps 1.6 lc rgb '#262626' notitle, \
     $data using 6:(($7==4)?$1:NaN) with points pt 5 ps 1.6 lc rgb '#BED2FF' notitle, \
     $data using 6:(($7==4)?$1:NaN) with points pt 4 ps 1.6 lc rgb '#262626' notitle, \
     keyentry with points pt 7 ps 1.5 lc rgb '#FFC000' title 'Sefton: Similar', \
     keyentry with points pt 9 ps 1.5 lc rgb '#92D050' title 'Sefton: Better', \
     keyentry with points pt 11 ps 1.5 lc rgb '#C00000' title 'Sefton: Worse', \
     keyentry with points pt 5 ps 1.5 lc rgb '#BED2FF' title 'Sefton: Higher', \
     keyentry with lines lw 2 lc rgb '#000000' title 'England'
unset output
