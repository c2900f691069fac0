# Inside the node runtime's sandbox, for Python and Bash with network `allowlist` or `on`:
#   python3 -I -S egress-forwarder.py PORT SOCKET COMMAND...
# listens on the sandbox's own 127.0.0.1:PORT (HTTP_PROXY points there), then forks: the child relays every
# connection, byte for byte, to the egress proxy's Unix socket SOCKET; the parent execs COMMAND, so the user's
# program keeps this process's pid, stdio, fd 3 and exit status. The relay is a convenience, not a wall: the
# proxy on the host decides every connection, and code that kills or replaces the relay only loses its own
# way out. It dies with the sandbox (its pid namespace), or once the command's process is gone.
import os
import selectors
import socket
import sys

CHUNK = 65536


def relay(listener, target, parent):
    sel = selectors.DefaultSelector()
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ)
    peer = {}  # socket -> the other end of its pair
    waiting = {}  # socket -> bytes read from its peer, not yet written to it
    eof = set()  # sockets that have sent everything

    def update(s):
        if s not in peer:
            return
        events = 0
        if s not in eof and not waiting.get(peer[s]):
            events |= selectors.EVENT_READ
        if waiting.get(s):
            events |= selectors.EVENT_WRITE
        try:
            if events:
                sel.modify(s, events) if s in sel.get_map() else sel.register(s, events)
            elif s in sel.get_map():
                sel.unregister(s)
        except (KeyError, ValueError, OSError):
            pass

    def drop(s):
        for x in (s, peer.get(s)):
            if x is None or x not in peer:
                continue
            if x in sel.get_map():
                sel.unregister(x)
            peer.pop(x, None)
            waiting.pop(x, None)
            eof.discard(x)
            x.close()

    while True:
        for key, events in sel.select(timeout=1.0):
            s = key.fileobj
            if s is listener:
                try:
                    client, _ = listener.accept()
                except OSError:
                    continue
                try:
                    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    upstream.connect(target)
                except OSError:
                    client.close()
                    continue
                for x in (client, upstream):
                    x.setblocking(False)
                peer[client], peer[upstream] = upstream, client
                update(client)
                update(upstream)
                continue
            if s not in peer:
                continue
            try:
                if events & selectors.EVENT_WRITE and waiting.get(s):
                    sent = s.send(waiting[s])
                    waiting[s] = waiting[s][sent:]
                    if not waiting[s] and peer[s] in eof:
                        s.shutdown(socket.SHUT_WR)
                if events & selectors.EVENT_READ:
                    data = s.recv(CHUNK)
                    if data:
                        waiting[peer[s]] = waiting.get(peer[s], b'') + data
                    else:
                        eof.add(s)
                        if not waiting.get(peer[s]):
                            peer[s].shutdown(socket.SHUT_WR)
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                drop(s)
                continue
            if s in eof and peer[s] in eof and not waiting.get(s) and not waiting.get(peer[s]):
                drop(s)
                continue
            update(s)
            update(peer[s])
        if os.getppid() != parent:
            return


def main():
    port, target, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', port))
    listener.listen(128)
    parent = os.getpid()
    if os.fork() == 0:
        # The relay holds none of the call's pipes: the server sees them close when the command ends.
        null = os.open('/dev/null', os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        for name in os.listdir('/proc/self/fd'):
            fd = int(name)
            if fd > 2 and fd != listener.fileno():
                try:
                    os.close(fd)
                except OSError:
                    pass
        try:
            relay(listener, target, parent)
        finally:
            os._exit(0)
    listener.close()
    os.execv(command[0], command)


main()
