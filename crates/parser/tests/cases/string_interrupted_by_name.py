print("a", "b"case "c")
