// Header-only: see include/CPrefetch.h and include/CScan.h.
#include "CPrefetch.h"
