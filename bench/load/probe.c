/* probe.c: what a system call and a loopback send cost on this machine (see load.h). The
 * servers of the benchmark spend most of their time in the kernel, so these explain why the
 * same build holds different rates on different machines. */
#include "load.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PROBE_CALLS 1000000
#define PROBE_SENDS 100000
#define PROBE_BYTES 200 /* about a chat message frame */
#define PROBE_DRAIN 32	/* sends between two drains of the receiving side */

/* Microseconds per send of PROBE_BYTES from a to b, with its share of b's reads. */
static double send_us(int a, int b)
{
	char out[PROBE_BYTES], in[65536];
	uint64_t t0 = mono_us();
	int i;

	memset(out, 'x', sizeof out);
	for (i = 0; i < PROBE_SENDS; i++) {
		if (write(a, out, sizeof out) != (ssize_t)sizeof out)
			return -1;
		if (i % PROBE_DRAIN == PROBE_DRAIN - 1)
			while (read(b, in, sizeof in) == (ssize_t)sizeof in)
				;
	}
	return (double)(mono_us() - t0) / PROBE_SENDS;
}

/* A connected loopback TCP pair in fd (Nagle off on the sender, as the servers set it). */
static int tcp_pair(int fd[2])
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof a;
	int ls = socket(AF_INET, SOCK_STREAM, 0), one = 1, rc = -1;

	fd[0] = fd[1] = -1;
	if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 1) ||
	    getsockname(ls, (struct sockaddr *)&a, &len))
		goto done;
	fd[1] = socket(AF_INET, SOCK_STREAM, 0);
	if (fd[1] < 0 || connect(fd[1], (struct sockaddr *)&a, sizeof a))
		goto done;
	fd[0] = accept(ls, NULL, NULL);
	if (fd[0] >= 0 && !setsockopt(fd[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one))
		rc = 0;
done:
	if (ls >= 0)
		close(ls);
	return rc;
}

int load_probe(FILE *out)
{
	int tcp[2], unx[2], i;
	double syscall_ns, tcp_us = -1, unix_us = -1;
	uint64_t t0 = mono_us();

	for (i = 0; i < PROBE_CALLS; i++)
		syscall(SYS_getppid);
	syscall_ns = (double)(mono_us() - t0) * 1000.0 / PROBE_CALLS;
	if (!tcp_pair(tcp))
		tcp_us = send_us(tcp[0], tcp[1]);
	if (!socketpair(AF_UNIX, SOCK_STREAM, 0, unx)) {
		unix_us = send_us(unx[0], unx[1]);
		close(unx[0]);
		close(unx[1]);
	}
	for (i = 0; i < 2; i++)
		if (tcp[i] >= 0)
			close(tcp[i]);
	fprintf(out, "{\"syscall_ns\":%.0f,\"tcp_send_us\":%.2f,\"unix_send_us\":%.2f}\n",
		syscall_ns, tcp_us, unix_us);
	return tcp_us > 0 && unix_us > 0 ? 0 : -1;
}
