x = "ab\Nx"
