# Remediation as code: every fix a result carries is runnable as written. PowerShell fixes parse; every command and
# parameter any fix names is a real one (data/fix-commands.psd1, each entry checked against its official reference).
BeforeDiscovery {
    $root = (Resolve-Path (Join-Path $PSScriptRoot '..' '..')).Path
    # Every fixture snapshot: a control's folder, or each case folder under it (the folders holding expected.json).
    $controls = Join-Path $root 'tests' 'ZeroTrustAI.Engine.Tests' 'Fixtures' 'Controls'
    $script:FixtureFolders = @(Get-ChildItem -Recurse -File -Filter expected.json $controls |
        ForEach-Object { @{ Name = [System.IO.Path]::GetRelativePath($controls, $_.DirectoryName); Path = $_.DirectoryName } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $script:Known = Import-PowerShellDataFile (Join-Path $PSScriptRoot 'data' 'fix-commands.psd1')

    # The words of one shell command line: single- and double-quoted words kept whole (quotes removed).
    function Split-ShellWords([string] $Line) {
        $words = [System.Collections.Generic.List[string]]::new()
        $current = [System.Text.StringBuilder]::new()
        $quote = [char]0
        $inWord = $false
        $escaped = $false
        foreach ($c in $Line.ToCharArray()) {
            if ($escaped) { [void]$current.Append($c); $escaped = $false; continue }
            if ($quote -eq [char]0 -and $c -eq '\') { $escaped = $true; $inWord = $true; continue }
            if ($quote -ne [char]0) {
                if ($c -eq $quote) { $quote = [char]0 } else { [void]$current.Append($c) }
                continue
            }
            if ($c -eq "'" -or $c -eq '"') { $quote = $c; $inWord = $true; continue }
            if ([char]::IsWhiteSpace($c)) {
                if ($inWord) { $words.Add($current.ToString()); [void]$current.Clear(); $inWord = $false }
                continue
            }
            [void]$current.Append($c); $inWord = $true
        }
        if ($quote -ne [char]0) { throw "unterminated quote in: $Line" }
        if ($inWord) { $words.Add($current.ToString()) }
        , $words.ToArray()
    }

    # Problems of one fix, as text; none when it is runnable as written.
    function Get-FixProblem($Result) {
        $fix = $Result.Fix
        $label = "$($Result.ControlId) '$($Result.ResourceName)'"
        switch ($fix.Language.ToString()) {
            'PowerShell' {
                $tokens = $null; $errors = $null
                $ast = [System.Management.Automation.Language.Parser]::ParseInput($fix.Script, [ref]$tokens, [ref]$errors)
                foreach ($e in $errors) { "${label}: does not parse: $($e.Message)" }
                foreach ($command in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.CommandAst] }, $true)) {
                    $name = $command.GetCommandName()
                    if (-not $name) { "${label}: a command without a literal name"; continue }
                    $parameters = $command.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] } | ForEach-Object ParameterName
                    if ($Known.PowerShell.ContainsKey($name)) {
                        foreach ($p in $parameters) { if ($p -notin $Known.PowerShell[$name]) { "${label}: $name has no parameter -$p" } }
                    }
                    elseif ($builtIn = Get-Command -Name $name -CommandType Cmdlet, Function -ErrorAction Ignore | Where-Object { $_.Source -like 'Microsoft.PowerShell.*' } | Select-Object -First 1) {
                        foreach ($p in $parameters) {
                            $matching = @($builtIn.Parameters.Keys | Where-Object { $_ -like "$p*" }) + @($builtIn.Parameters.Values | Where-Object { $_.Aliases -contains $p })
                            if ($matching.Count -eq 0) { "${label}: $name has no parameter -$p" }
                        }
                    }
                    else { "${label}: unknown command $name" }
                }
            }
            'AzureCli' {
                $lines = ($fix.Script -replace '\\\r?\n', ' ') -split '\r?\n' | Where-Object { $_.Trim() -and -not $_.TrimStart().StartsWith('#') }
                foreach ($line in $lines) {
                    # A shell variable the reader sets first (a workspace, a subnet): not a command.
                    if ($line -match '^\s*[A-Za-z_][A-Za-z0-9_]*=') { continue }
                    $words = Split-ShellWords $line
                    if ($words[0] -ne 'az') { "${label}: a line that is not an az command: $line"; continue }
                    $firstOption = [array]::FindIndex($words, [Predicate[string]] { param($w) $w.StartsWith('-') })
                    $path = ($words[0..($(if ($firstOption -lt 0) { $words.Count } else { $firstOption }) - 1)] -join ' ')
                    if (-not $Known.AzureCli.ContainsKey($path)) { "${label}: unknown command $path"; continue }
                    foreach ($option in $words | Where-Object { $_ -like '--*' }) {
                        if ($option -notin $Known.AzureCli[$path]) { "${label}: $path has no option $option" }
                    }
                }
            }
            'Bicep' {
                $open = ($fix.Script.ToCharArray() | Where-Object { $_ -eq '{' }).Count
                $close = ($fix.Script.ToCharArray() | Where-Object { $_ -eq '}' }).Count
                if ($open -ne $close) { "${label}: unbalanced braces in the Bicep fix" }
                if ($fix.Script -notmatch "(?m)^\s*resource\s+\w+\s+'[^']+@[0-9-]+(-preview)?'") { "${label}: the Bicep fix declares no resource with an api-version" }
            }
        }
    }
}

Describe 'Remediation fixes' {
    It 'every failed result of the sample tenant carries a fix that is runnable as written' {
        $failed = @(Get-ZtaiAssessment -Sample | Where-Object { $_.Status -in 'Fail', 'Warning' })
        $failed.Count | Should -BeGreaterThan 0
        $problems = @(foreach ($result in $failed) {
            if (-not $result.Fix) { "$($result.ControlId) '$($result.ResourceName)': no fix" } else { Get-FixProblem $result }
        })
        $problems | Should -BeNullOrEmpty
    }

    It 'the fixes of <Name> are runnable as written' -ForEach $FixtureFolders {
        $problems = @(Get-ZtaiAssessment -Path $Path | Where-Object Fix | ForEach-Object { Get-FixProblem $_ })
        $problems | Should -BeNullOrEmpty
    }

    It 'a fix naming an unknown command, an unknown parameter or code that does not parse is caught' {
        $make = { param($language, $script) [pscustomobject]@{ ControlId = 'T'; ResourceName = 'x'; Fix = [ZeroTrustAI.Engine.Model.RemediationFix]::new($language, $script) } }
        @(Get-FixProblem (& $make 'PowerShell' 'Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId 1 -Bogus 2')) | Should -Match 'no parameter -Bogus'
        @(Get-FixProblem (& $make 'PowerShell' 'Invoke-NoSuchCommand -X 1')) | Should -Match 'unknown command'
        @(Get-FixProblem (& $make 'PowerShell' 'Update-MgServicePrincipal -ServicePrincipalId (')) | Should -Match 'does not parse'
        @(Get-FixProblem (& $make 'AzureCli' "az resource update --ids 'x' --bogus y")) | Should -Match 'no option --bogus'
        @(Get-FixProblem (& $make 'AzureCli' "az nothing here --ids 'x'")) | Should -Match 'unknown command'
        @(Get-FixProblem (& $make 'AzureCli' "az resource update --ids 'x' --set 'a=b'")) | Should -BeNullOrEmpty
    }

    It 'a hostile target name stays one quoted word in the fix' {
        $name = "x'; rm -rf ~; echo '"
        $quoted = [ZeroTrustAI.Engine.Model.Quote]::Shell($name)
        (Split-ShellWords "az resource update --ids $quoted")[-1] | Should -BeExactly $name
        $ps = [ZeroTrustAI.Engine.Model.Quote]::PowerShell("a'b`$(Get-Date)")
        $tokens = $null; $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseInput("Write-Output $ps", [ref]$tokens, [ref]$errors)
        $errors | Should -BeNullOrEmpty
        $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.StringConstantExpressionAst] -and $args[0].StringConstantType -eq 'SingleQuoted' }, $true).Value | Should -Contain "a'b`$(Get-Date)"
    }
}
