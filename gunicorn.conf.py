"""gunicorn settings read from the working directory (Dockerfile, docker-compose, run.sh).

The access log leaves out the query string and the referer: a search by phone or ID
number (`/cases/?q=...`) would otherwise write the number into every access-log line
(#7: no ID number or phone in any log). Method, path, status, size, agent and time stay.
"""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(M)sms'
