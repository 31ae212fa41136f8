/* lwIP includes <stdio.h>; nothing from it is used. */
