x = (b'a', B'a', rb'a', Rb'a', bR'a', BR'a', r'a', u'a', U'a', f'a', rf'a', Fr'a', t'a', tr'{x}', Rt'a')
