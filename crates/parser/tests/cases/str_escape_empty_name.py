x = "abc\N{}"
