# A converted value as one line of text that tells every value apart: what
# deploy.ps1 compares with the snapshot it was planned against (topoc's
# Value::fingerprint writes the same text).
function Get-TopocFingerprint($Value) {
    if ($null -eq $Value) { return 'N' }
    if ($Value -is [string]) { return 'T' + $Value.Length + ':' + $Value }
    if ($Value -is [System.Collections.IDictionary]) {
        $keys = [string[]]@($Value.Keys)
        [Array]::Sort($keys, [StringComparer]::Ordinal)
        $text = 'O' + $keys.Count + ':'
        foreach ($key in $keys) { $text += (Get-TopocFingerprint $key) + (Get-TopocFingerprint $Value[$key]) }
        return $text
    }
    $items = @($Value)
    $text = 'L' + $items.Count + ':'
    foreach ($item in $items) { $text += Get-TopocFingerprint $item }
    return $text
}

