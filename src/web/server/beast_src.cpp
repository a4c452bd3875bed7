// Separate compilation of Asio and Beast: their implementation is compiled once, here, instead of
// in every file that includes them (BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION are set for the whole web module).
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
