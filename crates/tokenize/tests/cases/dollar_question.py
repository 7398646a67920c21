x = $a ? b
