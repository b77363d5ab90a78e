/* Sizes of the protocol, shared by the server, its validators and the admin CLI. */
#ifndef PASSERELLE_SIZES_H
#define PASSERELLE_SIZES_H

#define ID_MAX 64		       /* user and room ids: [A-Za-z0-9_-]{1,64} */
#define MSG_FRAME_MAX 16384	       /* incoming frame cap, bytes */
#define TEXT_MAX_CHARS 4000	       /* a message or announcement, after trimming */
#define REASON_MAX_CHARS 500	       /* a moderation or decline reason */
#define REPORT_NOTE_MAX_CHARS 1000     /* what a reporter or a reviewer adds */
#define DAY_S 86400LL		       /* seconds in a day */
#define MODERATION_MAX_S (365 * DAY_S) /* longest timed mute or ban */

#endif
