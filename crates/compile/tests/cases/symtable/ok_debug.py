__debug__
x = __debug__
