// unittest_curve_encoding.cpp #undefs close (a Windows workaround) before it
// includes msg.hpp, so it calls zmq::msg_t::close(), which our libzmq build
// names zmq::msg_t::zws_close() (zws_redirect.h renames every `close`).
// This gives the old name to the same function, for that test only.
#include "precompiled.hpp"
#include "msg.hpp"

extern "C" int _ZN3zmq5msg_t5closeEv (zmq::msg_t *msg)
{
    return msg->close (); // close is zws_close here, as in libzmq
}
