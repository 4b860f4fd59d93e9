/* stdfd.h - standard descriptors 0-2 made safe before anything is opened. */
#ifndef SOCKVIEW_STDFD_H
#define SOCKVIEW_STDFD_H

/* Bits of the descriptors that were closed: 1 << 0, 1 << 1, 1 << 2. */
#define SV_STDFD_IN (1u << 0)
#define SV_STDFD_OUT (1u << 1)
#define SV_STDFD_ERR (1u << 2)

/* Give each closed descriptor among 0, 1 and 2 /dev/null opened read-only,
 * so that nothing sockview opens later (a netlink socket, a dump file) takes
 * its number: output to a closed stdout then fails with EBADF instead of
 * landing in that file. Returns the SV_STDFD_* bits of the descriptors that
 * were closed, or a negative errno when one could not be filled. */
int sv_stdfd_fix(void);

#endif
