# fingerpost spc chart (fingerpost-methods-1). Re-run with: gnuplot spc.gp
set terminal svg size 800,450 noenhanced font 'Arial,12' background rgb '#FFFFFF'
set output 'spc'
set encoding utf8
set termoption noenhanced
set title 'Care leavers in education, employment or training (%)'."\n".'Sefton, monthly' noenhanced
set border 3 lc rgb '#404040'
set tics nomirror textcolor rgb '#000000'
set key noenhanced
set ylabel '%'
set xrange [0.5:12.5]
set offsets 0, 0, graph 0.08, graph 0.08
set grid ytics lc rgb '#D9D9D9'
set key outside right top vertical samplen 2
set bmargin 7
set xtics rotate by -45
set xtics ('2023-04' 1, '2023-05' 2, '2023-06' 3, '2023-07' 4, '2023-08' 5, '2023-09' 6, '2023-10' 7, '2023-11' 8, '2023-12' 9, '2024-01' 10, '2024-02' 11, '2024-03' 12)
set label 1 'Variation: Special cause variation of an improving nature where higher is better.' at screen 0.02, screen 0.07 left
set label 2 'Assurance: The system may achieve or fail the target subject to random variation.' at screen 0.02, screen 0.03 left
$data << EOD
1 40 41 35 47 0
2 42 41 35 47 0
3 39 41 35 47 0
4 41 41 35 47 0
5 43 41 35 47 0
6 40 41 35 47 0
7 44 41 35 47 0
8 46 41 35 47 1
9 47 41 35 47 1
10 49 41 35 47 1
11 50 41 35 47 1
12 52 41 35 47 1
EOD
plot $data using 1:4 with steps dt 2 lw 1.5 lc rgb '#404040' title 'Process limits (3 sigma)', \
     $data using 1:5 with steps dt 2 lw 1.5 lc rgb '#404040' notitle, \
     $data using 1:3 with steps lw 1.5 lc rgb '#000000' title 'Centre line', \
     50 with lines dt 3 lw 2 lc rgb '#CC79A7' title 'Target: 50.0', \
     $data using 1:2 with lines lw 1.5 lc rgb '#A6A6A6' notitle, \
     $data using 1:(($6==0)?$2:NaN) with points pt 7 ps 1.3 lc rgb '#7F7F7F' notitle, \
     $data using 1:(($6==0)?$2:NaN) with points pt 6 ps 1.3 lc rgb '#262626' notitle, \
     $data using 1:(($6==1)?$2:NaN) with points pt 9 ps 1.3 lc rgb '#0072B2' notitle, \
     $data using 1:(($6==1)?$2:NaN) with points pt 8 ps 1.3 lc rgb '#262626' notitle, \
     keyentry with points pt 7 ps 1.5 lc rgb '#7F7F7F' title 'Common cause variation', \
     keyentry with points pt 9 ps 1.5 lc rgb '#0072B2' title 'Special cause: improvement'
unset output
