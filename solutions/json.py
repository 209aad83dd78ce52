open('/tmp/pytest-of-root/pytest-92/class-none0/course/IMPORTED', 'w').write('a planted module was imported')
