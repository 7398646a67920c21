s = 'tab\t​'
t = "it's"
# ​ zero width
u = ' '
