"""doc"""
from __future__ import annotations
x = 1
from __future__ import division
