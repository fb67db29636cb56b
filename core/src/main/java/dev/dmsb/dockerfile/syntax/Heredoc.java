package dev.dmsb.dockerfile.syntax;

/**
 * A here-document attached to RUN, COPY or ADD ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}).
 *
 * @param delimiter the terminator word with quotes removed
 * @param chomp {@code <<-}: leading tabs are stripped from the body and the terminator
 * @param expand whether variables in the body are expanded (false when the delimiter is quoted)
 * @param fd the file-descriptor prefix ({@code 3<<EOF}), or -1
 * @param word the {@code <<EOF} word on the instruction line
 * @param content the body as the engine sees it (newlines kept, tabs stripped when chomping)
 * @param bodyRange the body lines and the terminator line, as written
 * @param terminated false when the file ended before the terminator
 */
public record Heredoc(
    String delimiter,
    boolean chomp,
    boolean expand,
    int fd,
    Word word,
    String content,
    SourceRange bodyRange,
    boolean terminated) {}
