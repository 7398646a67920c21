x = "ab\N{NOSUCHNAME}"
