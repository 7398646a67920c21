x = f'''{a # comment
=}'''
