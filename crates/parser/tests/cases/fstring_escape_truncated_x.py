x = f"{1}ab\xZZ"
