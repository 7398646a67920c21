x = b"ab" b"\x1"
