x = t"hi {y}"
